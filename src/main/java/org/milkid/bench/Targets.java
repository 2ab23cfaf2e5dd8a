package org.milkid.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** The targets of the GitHub issue "Performance", and which of them a benchmark run meets. */
public final class Targets {
    /** Target: inversion efficiency (useful FLOP rate / GEMM rate). */
    public static final double INVERSION_EFFICIENCY = 0.6;
    /** Target: training efficiency. */
    public static final double TRAIN_EFFICIENCY = 0.5;
    /** Target: speed-up over the PyTorch reference, inversion and training. */
    public static final double SPEEDUP = 3.0;
    /** Target: peak resident memory after inverting a 400-instance bag, MiB. */
    public static final double RSS_400_MIB = 1536;
    /** Target: peak resident memory after inverting a 10,000-instance bag, MiB. */
    public static final double RSS_10000_MIB = 8192;
    /** Target: the sparse lambda sweep, seconds. */
    public static final double SWEEP_SECONDS = 120;

    private Targets() {
    }

    /** Each target by its JSON key, judged on the run's figures (a null figure: not measured). */
    static Map<String, Target> judge(double inversionEfficiency, double trainEfficiency, Double speedupInversion,
            Double speedupTrain, Double peakRssMiB400, Double peakRssMiB10000, double sparseSweepSeconds) {
        Map<String, Target> targets = new LinkedHashMap<>();
        targets.put("inversionEfficiency", Target.atLeast(INVERSION_EFFICIENCY, inversionEfficiency));
        targets.put("trainEfficiency", Target.atLeast(TRAIN_EFFICIENCY, trainEfficiency));
        targets.put("speedupVsPytorchInversion", Target.atLeast(SPEEDUP, speedupInversion));
        targets.put("speedupVsPytorchTrain", Target.atLeast(SPEEDUP, speedupTrain));
        targets.put("peakRssMiB400", Target.below(RSS_400_MIB, peakRssMiB400));
        targets.put("peakRssMiB10000", Target.below(RSS_10000_MIB, peakRssMiB10000));
        targets.put("sparseSweepSeconds", Target.below(SWEEP_SECONDS, sparseSweepSeconds));
        return targets;
    }
}
