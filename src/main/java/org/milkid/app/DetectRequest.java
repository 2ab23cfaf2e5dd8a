package org.milkid.app;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.milkid.detect.InversionConfig;
import org.milkid.detect.KidMethod;
import org.milkid.detect.ThresholdForm;
import org.milkid.eval.KidEvaluator;
import org.milkid.eval.KidScores;
import org.milkid.experiment.DevelopmentThreshold;
import org.milkid.util.BadInputException;

/**
 * What {@link DetectJob} detects. The {@link Builder} takes the options of {@code milkid detect}:
 * it resolves the method ({@code --method}, {@code --paper}) and turns the inversion options into
 * {@code adjust}.
 *
 * @param model the model folder
 * @param method the KID method
 * @param lambdas the lambdas to sweep (null: the data set's), for the sweeping methods
 * @param adjust changes the method's inversion settings (iterations, eta, threshold form)
 * @param thresholds the thresholds KID is also scored at (a curve; never used to mark)
 * @param threshold the threshold that marks key instances; null: the one stored with the model for
 *     its default method ({@link DevelopmentThreshold}), else {@link DetectJob#FALLBACK_THRESHOLD}
 * @param dataDir overrides the data folder recorded in the model (null: keep)
 * @param tileSize feature bags: overrides the tile side in level-0 pixels (0: keep the training's)
 * @param maxBags uses at most this many test bags (0: all)
 * @param mosaics writes the mosaics of at most this many positive-predicted bags
 * @param out the output folder
 * @param spark the Spark master the test bags are detected on, in groups of bags, one Spark task a
 *     group (the rest as without it); null: in this process
 */
public record DetectRequest(Path model, KidMethod method, float[] lambdas, UnaryOperator<InversionConfig> adjust,
        double[] thresholds, Double threshold, Path dataDir, int tileSize, int maxBags, int mosaics, Path out,
        String spark) {
    /** Refuses bad values before any model or data is read. */
    public DetectRequest {
        if (lambdas != null) {
            InversionConfig.checkLambdas("--lambda", lambdas);
        }
        KidEvaluator.checkThresholds(thresholds);
        if (threshold != null && !(threshold >= 0 && threshold <= 1)) {
            throw new BadInputException("--threshold: " + threshold + " is outside [0,1]");
        }
        if (maxBags < 0 || mosaics < 0) {
            throw new BadInputException("--max-bags and --mosaics must not be negative");
        }
        if (tileSize < 0) {
            throw new BadInputException("--tile-size must be positive, got " + tileSize);
        }
    }

    /** A builder of a request to detect with the model in {@code model}, writing into {@code out}. */
    public static Builder builder(Path model, Path out) {
        return new Builder(model, out);
    }

    /** The options of {@code milkid detect}, as given (null: not given). */
    public static final class Builder {
        private final Path model;
        private final Path out;
        private String method;
        private boolean paper;
        private List<Float> lambdas;
        private Integer iterations;
        private Float eta;
        private String thresholdForm;
        private List<Double> thresholds;
        private Double threshold;
        private Path data;
        private int tileSize;
        private int maxBags;
        private int mosaics = 10;
        private String spark;

        private Builder(Path model, Path out) {
            this.model = model;
            this.out = out;
        }

        /** {@code --method}: a method's command-line name or results key; null: milkid's default (or the paper's). */
        public Builder method(String m) {
            method = m;
            return this;
        }

        /** {@code --paper}: the paper's methods and settings only (default method: Att+sparse). */
        public Builder paper(boolean p) {
            paper = p;
            return this;
        }

        /** {@code --lambda}. */
        public Builder lambdas(List<Float> l) {
            lambdas = l;
            return this;
        }

        /** {@code --iterations} of the inversion. */
        public Builder iterations(Integer n) {
            iterations = n;
            return this;
        }

        /** {@code --eta}: the inversion's learning rate. */
        public Builder eta(Float e) {
            eta = e;
            return this;
        }

        /** {@code --threshold-form}: paper or textbook. */
        public Builder thresholdForm(String f) {
            thresholdForm = f;
            return this;
        }

        /** {@code --thresholds}: the curve's thresholds. */
        public Builder thresholds(List<Double> t) {
            thresholds = t;
            return this;
        }

        /** {@code --threshold}: marks key instances at it. */
        public Builder threshold(Double t) {
            threshold = t;
            return this;
        }

        /** {@code --data}: the data set's folder, if it moved since training. */
        public Builder data(Path d) {
            data = d;
            return this;
        }

        public Builder tileSize(int px) {
            tileSize = px;
            return this;
        }

        public Builder maxBags(int n) {
            maxBags = n;
            return this;
        }

        public Builder mosaics(int n) {
            mosaics = n;
            return this;
        }

        /** The method: {@code --method}'s, else Att+sparse with {@code --paper}, else {@link KidMethod#DEFAULT}. */
        private KidMethod resolvedMethod() {
            return method != null ? KidMethod.parse(method) : paper ? KidMethod.ATT_SPARSE : KidMethod.DEFAULT;
        }

        /** {@code --spark}: the master URL; null: no Spark. */
        public Builder spark(String master) {
            spark = master;
            return this;
        }

        /** The request; a bad value is refused with a {@link BadInputException} naming its option. */
        public DetectRequest build() {
            return build(line -> { });
        }

        /**
         * The request, as {@link #build()}; when no method was named, tells {@code note} which one
         * runs, once the options are found consistent.
         */
        public DetectRequest build(Consumer<String> note) {
            KidMethod m = resolvedMethod();
            if (paper && !m.isPaper()) {
                throw new BadInputException("--paper: " + m.cliName() + " is not one of the paper's methods "
                        + "(attention, inversion, sparse, inst-max, inst-mean)");
            }
            if (paper && (iterations != null || eta != null || thresholdForm != null)) {
                throw new BadInputException(
                        "--paper keeps the paper's settings: drop --iterations, --eta and --threshold-form");
            }
            if (iterations != null && iterations < 1) {
                throw new BadInputException("--iterations must be at least 1, got " + iterations);
            }
            if (eta != null && !(eta > 0 && Float.isFinite(eta))) {
                throw new BadInputException("--eta must be a positive number, got " + eta);
            }
            ThresholdForm form = thresholdForm == null ? null : switch (thresholdForm) {
                case "paper" -> ThresholdForm.PAPER;
                case "textbook" -> ThresholdForm.TEXTBOOK;
                default -> throw new BadInputException("--threshold-form must be paper or textbook, got "
                        + thresholdForm);
            };
            Integer n = iterations;
            Float lr = eta;
            UnaryOperator<InversionConfig> adjust = c -> {
                InversionConfig r = c;
                if (n != null) {
                    r = r.withIterations(n);
                }
                if (lr != null) {
                    r = r.withLearningRate(lr);
                }
                if (form != null) {
                    r = r.withThreshold(form);
                }
                return r;
            };
            float[] l = null;
            if (lambdas != null) {
                l = new float[lambdas.size()];
                for (int i = 0; i < l.length; i++) {
                    l[i] = lambdas.get(i);
                }
            }
            double[] t = thresholds == null ? KidScores.PAPER_THRESHOLDS
                    : thresholds.stream().mapToDouble(Double::doubleValue).toArray();
            if (method == null) {
                note.accept(paper ? "method: the paper's Att+sparse" : "method: " + m.key()
                        + " (milkid's default, chosen on a development split; --paper for the paper's methods)");
            }
            return new DetectRequest(model, m, l, adjust, t, threshold, data, tileSize, maxBags, mosaics, out,
                    spark);
        }
    }
}
