package org.milkid.detect;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.milkid.bag.Bag;
import org.milkid.data.Datasets;
import org.milkid.eval.KidResult;
import org.milkid.eval.KidScores;
import org.milkid.eval.Stat;
import org.milkid.experiment.CrossValidation;
import org.milkid.experiment.ExperimentConfig;
import org.milkid.experiment.ExperimentPresets;
import org.milkid.experiment.TrainedModels;
import org.milkid.model.ModelKind;
import org.milkid.train.TrainConfig;
import org.milkid.util.Progress;

/**
 * A measurement program, not a test (the build never runs it): is MILLI under-sampled on the KID
 * study's G = 10 bags (100 instances, where the authors' 150 coalitions were set for bags of 30)?
 *
 * <p>For every run of the kid-study preset's G = 10 part ({@link ExperimentPresets#kidStudy}: 2 repeats
 * x 2 folds, the same bags, seeds and development bags as {@code CrossValidation} and {@code RunWorker}
 * build them), the attention model is trained once as {@code FoldJob} trains it, and on it are run
 * MILLI with every budget of coalitions ({@link MilliConfig#MNIST} with another {@code samples}, the
 * detector seed of {@link KidMethod#MILLI}), Att-alone and Att, each on the repeat's development bags
 * and on the fold's test bags. Per variant: the threshold of {@link KidScores#FINE_THRESHOLDS} best on
 * the development bags and its F1 there, the test F1 at that threshold, the test's best F1 on the fine
 * and on the paper's grid (Att's paper row picks the latter on the test bags), AP, AUROC and NDCG@n on
 * both, and the seconds per bag of the detector (model prediction included).
 *
 * <p>One line per finished (run, variant) is appended to {@code OUT/runs.tsv}, which makes it resume:
 * a run whose variants are all there is skipped (its model not trained), and only the missing variants
 * of a run are written. A line {@code model} per run records the training. At the end the table of
 * mean +- SEM over the runs found in the file is printed and written to {@code OUT/summary.md}.
 *
 * <p>Usage: {@code MilliBudgetStudy OUT [BUDGETS, default 150,300,500,1000] [RUNS, default all, e.g. r0f0]}.
 * Run with {@code -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 -Dai.djl.offline=true}.
 */
public final class MilliBudgetStudy {
    private static final String FILE = "runs.tsv";
    private static final String HEADER = "run\tvariant\tdevBags\tdevThreshold\tdevF1\tdevAP\tdevAUROC\tdevNDCG"
            + "\tdevSecPerBag\ttestBags\ttestF1AtDevThreshold\ttestP\ttestR\ttestBestF1Fine\ttestBestF1Paper\ttestAP"
            + "\ttestAUROC\ttestNDCG\ttestSecPerBag";

    private MilliBudgetStudy() {
    }

    public static void main(String[] args) throws IOException {
        Path outDir = Path.of(args[0]);
        List<Integer> budgets = new ArrayList<>();
        for (String s : (args.length > 1 ? args[1] : "150,300,500,1000").split(",")) {
            budgets.add(Integer.parseInt(s.trim()));
        }
        Set<String> only = args.length > 2 && !args[2].equals("all") ? Set.of(args[2].split(",")) : null;
        Files.createDirectories(outDir);
        Path out = outDir.resolve(FILE);
        if (!Files.exists(out)) {
            append(out, "#" + HEADER);
        }
        List<String> variants = new ArrayList<>(List.of("Att", "Att-alone"));
        for (int b : budgets) {
            variants.add("MILLI-" + b);
        }

        // the G = 10 part of the kid-study preset, as `experiment --preset kid-study` runs it
        ExperimentConfig cfg = ExperimentPresets.kidStudy(outDir.resolve("unused"));
        CrossValidation cv = CrossValidation.open(cfg);
        Progress progress = new Printing();
        for (int r = 0; r < cfg.repeats(); r++) {
            CrossValidation.Repeat rep = null;
            for (int f = 0; f < cfg.folds(); f++) {
                String run = "r" + r + "f" + f;
                if (only != null && !only.contains(run)) {
                    continue;
                }
                Set<String> done = done(out);
                List<String> todo = variants.stream().filter(v -> !done.contains(run + "\t" + v)).toList();
                if (todo.isEmpty()) {
                    continue;
                }
                if (rep == null) {
                    rep = cv.repeat(r);
                }
                CrossValidation.Fold fold = rep.fold(f);
                List<Bag> dev = rep.dev();
                long seed = CrossValidation.foldSeed(rep.seed(), f);
                // as FoldJob derives it
                TrainConfig tc = Datasets.trainDefaults(cfg.dataset(), seed).withEpochs(cfg.epochs())
                        .withPatience(cfg.patience());
                progress.message(run + ": training on " + fold.train().size() + " bags; " + dev.size()
                        + " development bags, " + fold.test().size() + " test bags; to do " + todo);
                long t0 = System.nanoTime();
                try (TrainedModels.Trained t = TrainedModels.train(ModelKind.ATTENTION, fold.train(), tc, progress)) {
                    double trainSeconds = (System.nanoTime() - t0) / 1e9;
                    if (!done.contains(run + "\tmodel")) {
                        append(out, String.format(Locale.ROOT, "%s\tmodel\tepochs %d\tbest %d\tvalLoss %.4f\tleftChance %b"
                                + "\t%.1f s", run, t.result().history().size(), t.result().bestEpoch(),
                                t.result().bestValidationLoss(), t.result().leftChance(), trainSeconds));
                    }
                    for (String v : todo) {
                        KeyInstanceDetector d = detector(v);
                        Measured onDev = measure(d, t, dev);
                        Measured onTest = measure(d, t, fold.test());
                        append(out, line(run, v, onDev, onTest));
                    }
                }
            }
        }
        String summary = summary(out, variants);
        Files.writeString(outDir.resolve("summary.md"), summary, StandardCharsets.UTF_8);
        System.out.print(summary);
    }

    private static KeyInstanceDetector detector(String variant) {
        if (variant.equals("Att")) {
            return KidMethod.ATT.detector(null, null);
        }
        if (variant.equals("Att-alone")) {
            return KidMethod.ATT_ALONE.detector(null, null);
        }
        int samples = Integer.parseInt(variant.substring("MILLI-".length()));
        return new MilliDetector(KidMethod.MILLI.key(), MilliConfig.MNIST.withSamples(samples),
                MilliDetector.DEFAULT_SEED);
    }

    private record Measured(List<Detection> detections, double secondsPerBag) {
    }

    private static Measured measure(KeyInstanceDetector d, TrainedModels.Trained t, List<Bag> bags) {
        long t0 = System.nanoTime();
        List<Detection> det = d.detect(t.model(), bags);
        return new Measured(det, (System.nanoTime() - t0) / 1e9 / bags.size());
    }

    private static String line(String run, String variant, Measured dev, Measured test) {
        KidResult kd = KidEvaluation.evaluate(dev.detections(), KidScores.FINE_THRESHOLDS);
        double threshold = kd.best().threshold();
        KidResult kt = KidEvaluation.evaluate(test.detections(), KidScores.FINE_THRESHOLDS);
        KidScores.Prf atDev = KidEvaluation.scores(test.detections()).at(threshold);
        KidResult paper = KidEvaluation.evaluate(test.detections(), KidScores.PAPER_THRESHOLDS);
        return String.format(Locale.ROOT, "%s\t%s\t%d\t%.2f\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t%d\t%.4f\t%.4f\t%.4f\t%.4f"
                + "\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f", run, variant, dev.detections().size(), threshold, kd.best().f1(),
                kd.averagePrecision(), kd.auroc(), kd.ndcg(), dev.secondsPerBag(), test.detections().size(),
                atDev.f1(), atDev.precision(), atDev.recall(), kt.best().f1(), paper.best().f1(), kt.averagePrecision(),
                kt.auroc(), kt.ndcg(), test.secondsPerBag());
    }

    private static Set<String> done(Path out) throws IOException {
        Set<String> done = new HashSet<>();
        if (Files.exists(out)) {
            for (String line : Files.readAllLines(out)) {
                String[] f = line.split("\t");
                if (!line.startsWith("#") && f.length > 2) {
                    done.add(f[0] + "\t" + f[1]);
                }
            }
        }
        return done;
    }

    /** Mean +- SEM over the runs of the file, per variant, and MILLI's paired gain over 150 coalitions. */
    static String summary(Path out, List<String> variants) throws IOException {
        String[] cols = HEADER.split("\t");
        Map<String, Map<String, double[]>> rows = new LinkedHashMap<>(); // variant -> run -> values
        for (String line : Files.readAllLines(out)) {
            String[] f = line.split("\t");
            if (line.startsWith("#") || f.length != cols.length) {
                continue;
            }
            double[] v = new double[cols.length];
            for (int i = 2; i < cols.length; i++) {
                v[i] = Double.parseDouble(f[i]);
            }
            rows.computeIfAbsent(f[1], k -> new LinkedHashMap<>()).put(f[0], v);
        }
        String[] shown = {"devF1", "devAP", "devNDCG", "testF1AtDevThreshold", "testAP", "testAUROC", "testNDCG",
            "testBestF1Paper", "devSecPerBag", "testSecPerBag"};
        StringBuilder sb = new StringBuilder("| variant | runs | dev threshold |");
        for (String s : shown) {
            sb.append(' ').append(s).append(" |");
        }
        sb.append("\n|---|---|---|").append("---|".repeat(shown.length)).append('\n');
        List<String> order = new ArrayList<>(variants);
        rows.keySet().stream().filter(v -> !order.contains(v)).forEach(order::add);
        for (String v : order) {
            Map<String, double[]> runs = rows.get(v);
            if (runs == null) {
                continue;
            }
            sb.append("| ").append(v).append(" | ").append(runs.size()).append(" | ");
            sb.append(String.join(" ", runs.values().stream().map(a -> String.format(Locale.ROOT, "%.2f", a[3])).toList()))
                    .append(" |");
            for (String s : shown) {
                int i = List.of(cols).indexOf(s);
                Stat st = Stat.of(runs.values().stream().map(a -> a[i]).toList());
                sb.append(String.format(Locale.ROOT, s.endsWith("PerBag") ? " %.4f +- %.4f |" : " %.3f +- %.3f |",
                        st.mean(), st.sem()));
            }
            sb.append('\n');
        }
        Map<String, double[]> base = rows.get("MILLI-150");
        if (base != null) {
            sb.append("\nPaired difference to MILLI-150 over the runs both have (mean +- SEM):\n");
            for (String v : order) {
                Map<String, double[]> runs = rows.get(v);
                if (runs == null || v.equals("MILLI-150")) {
                    continue;
                }
                sb.append("  ").append(v).append(':');
                for (String s : new String[] {"devF1", "testF1AtDevThreshold", "devAP", "testAP"}) {
                    int i = List.of(cols).indexOf(s);
                    List<Double> d = new ArrayList<>();
                    for (Map.Entry<String, double[]> e : runs.entrySet()) {
                        if (base.containsKey(e.getKey())) {
                            d.add(e.getValue()[i] - base.get(e.getKey())[i]);
                        }
                    }
                    Stat st = Stat.of(d);
                    sb.append(String.format(Locale.ROOT, "  %s %+.3f +- %.3f", s, st.mean(), st.sem()));
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    private static void append(Path out, String line) throws IOException {
        Files.writeString(out, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        System.out.println(line);
    }

    /** Prints messages and every tenth of a task, with the time. */
    private static final class Printing implements Progress {
        private final Map<String, Long> last = new LinkedHashMap<>();

        @Override
        public void message(String line) {
            System.out.println(LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + " " + line);
        }

        @Override
        public void update(String task, long done, long total) {
            long tenth = total <= 0 ? 0 : done * 10 / total;
            if (last.getOrDefault(task, -1L) != tenth) {
                last.put(task, tenth);
                message(task + " " + done + "/" + total);
            }
        }
    }
}
