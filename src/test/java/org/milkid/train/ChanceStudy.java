package org.milkid.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.milkid.bag.Bag;
import org.milkid.data.mnist.MnistBagSource;
import org.milkid.data.mnist.MnistBagsConfig;
import org.milkid.experiment.CrossValidation;
import org.milkid.experiment.ExperimentConfig;
import org.milkid.experiment.ExperimentPresets;
import org.milkid.model.EncoderKind;
import org.milkid.model.MilModel;
import org.milkid.model.ModelConfig;
import org.milkid.model.ModelKind;
import org.milkid.util.Seeds;

/**
 * A measurement program, not a test (the build never runs it): how many models stay at chance
 * with the paper's training and with a remedy, over seeds of the demo's and quick-mnist's
 * settings, training only (no KID). One line per (setting, seed, model, variant) is appended to
 * the output file, which makes it resume: lines already there are skipped.
 *
 * <p>Variants: {@code off} (the paper: no restart), {@code restart} (the trainer's restarts, with
 * the config's {@code restarts}/{@code restartAfter}), {@code warmup-N} (N warm-up steps, no restart).
 * For {@code restart}, when no restart happened the training is the {@code off} training (same
 * seed, same first attempt), so the {@code off} line is written from it without training again.
 *
 * <p>To save time a training stops as soon as its validation loss falls below {@link #DECIDED}: the
 * model has left chance, which is all the study counts (the line says {@code stopped-when-left}).
 *
 * <p>Usage: {@code ChanceStudy OUT_FILE FIRST_SEED LAST_SEED (descending when FIRST > LAST) SETTINGS VARIANTS RESTARTS RESTART_AFTER},
 * e.g. {@code /tmp/chance/runs.tsv 1 20 demo,quick restart 3 4}. Run with
 * {@code -Dai.djl.pytorch.num_threads=1}.
 */
public final class ChanceStudy {
    private static final List<ModelKind> KINDS = List.of(ModelKind.ATTENTION, ModelKind.INST_MAX, ModelKind.INST_MEAN);

    private ChanceStudy() {
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        int first = Integer.parseInt(args[1]);
        int last = Integer.parseInt(args[2]);
        List<String> settings = List.of(args[3].split(","));
        List<String> variants = List.of(args[4].split(","));
        int restarts = Integer.parseInt(args[5]);
        int after = Integer.parseInt(args[6]);
        Files.createDirectories(out.toAbsolutePath().getParent());
        int step = first <= last ? 1 : -1;
        for (int seed = first; seed != last + step; seed += step) {
            for (String setting : settings) {
                String prefix = setting + "\t" + seed + "\t";
                Set<String> before = done(out);
                if (KINDS.stream().allMatch(k -> variants.stream().allMatch(v -> before.contains(prefix + k.cliName() + "\t" + v)))) {
                    continue;
                }
                Data d = data(setting, seed);
                for (ModelKind kind : KINDS) {
                    for (String variant : variants) {
                        String key = setting + "\t" + seed + "\t" + kind.cliName() + "\t" + variant;
                        Set<String> done = done(out); // another process may share the file
                        if (done.contains(key)) {
                            continue;
                        }
                        TrainConfig tc = d.config();
                        if (variant.equals("off")) {
                            tc = tc.withRestarts(0, 1);
                        } else if (variant.equals("restart")) {
                            tc = tc.withRestarts(restarts, after);
                        } else if (variant.startsWith("warmup-")) {
                            tc = tc.withRestarts(0, 1).withWarmup(Integer.parseInt(variant.substring(7)));
                        } else {
                            throw new IllegalArgumentException(variant);
                        }
                        Row r = train(kind, d.train(), tc);
                        append(out, key + "\t" + r.line());
                        String offKey = setting + "\t" + seed + "\t" + kind.cliName() + "\toff";
                        if (variant.equals("restart") && r.restarts() == 0 && !done.contains(offKey)) {
                            // the off training is this one's first and only attempt
                            append(out, offKey + "\t" + r.line() + "\tfrom-restart-run");
                        }
                    }
                }
            }
        }
    }

    private static Set<String> done(Path out) throws IOException {
        Set<String> done = new HashSet<>();
        if (Files.exists(out)) {
            for (String line : Files.readAllLines(out)) {
                String[] f = line.split("\t");
                if (f.length > 4) {
                    done.add(f[0] + "\t" + f[1] + "\t" + f[2] + "\t" + f[3]);
                }
            }
        }
        return done;
    }

    private record Data(List<Bag> train, TrainConfig config) {
    }

    private static Data data(String setting, int seed) throws IOException {
        if (setting.equals("demo")) {
            // DemoConfig.defaults with --seed: G = 10, target 9, 200 training bags, 12 epochs, patience 3
            MnistBagSource src = MnistBagSource.load(new MnistBagsConfig(10, 9, 200, 12, seed, null));
            return new Data(src.trainBags(), TrainConfig.paperMnist(seed).withEpochs(12).withPatience(3));
        }
        if (setting.equals("quick")) {
            // quick-mnist with --seed: repeat 0, fold 0 of 2 (100 train-digit bags), 10 epochs, patience 3
            ExperimentConfig cfg = ExperimentPresets.quickMnist(Path.of("/tmp/chance/unused")).withSeed(seed);
            CrossValidation.Repeat rep = CrossValidation.open(cfg).repeat(0);
            long foldSeed = CrossValidation.foldSeed(rep.seed(), 0);
            return new Data(rep.fold(0).train(), TrainConfig.paperMnist(foldSeed).withEpochs(cfg.epochs())
                    .withPatience(cfg.patience()));
        }
        throw new IllegalArgumentException(setting);
    }

    /**
     * One training's outcome as the study needs it.
     *
     * @param left whether the model left chance
     * @param restarts restarts taken
     * @param abandonedEpochs epochs of the abandoned attempts
     * @param epochs epochs run by the last attempt
     * @param decided true when the training was stopped as soon as its validation loss fell below
     *     {@link #DECIDED} (the model has left chance; the rest of its training does not change that)
     */
    private record Row(boolean left, int restarts, int abandonedEpochs, int epochs, boolean decided, double seconds,
            String history) {
        String line() {
            return String.format(Locale.ROOT, "%b\t%d\t%d\t%d\t%s\t%.1f\t%s", left, restarts, abandonedEpochs, epochs,
                    decided ? "stopped-when-left" : "full", seconds, history);
        }
    }

    /** A validation loss below this means the model has clearly left chance (the flag's rule: 0.65). */
    static final double DECIDED = 0.60;

    private static final class Decided extends RuntimeException {
        Decided() {
            super(null, null, false, false);
        }
    }

    private static Row train(ModelKind kind, List<Bag> train, TrainConfig tc) {
        StringBuilder epochs = new StringBuilder();
        int[] restarts = {0};
        int[] epochsThisAttempt = {0};
        int[] abandoned = {0};
        long t0 = System.nanoTime();
        Bag first = train.get(0);
        EncoderKind enc = EncoderKind.forShape(first.channels(), first.height(), first.width());
        // as TrainedModels.train does
        try (MilModel model = MilModel.create(ModelConfig.of(kind, enc), Seeds.derive(tc.seed(), "init-" + kind.cliName()))) {
            TrainResult r = new MilTrainer(tc, new TrainListener() {
                @Override
                public void onEpoch(EpochReport e) {
                    epochs.append(String.format(Locale.ROOT, "%.3f/%.2f ", e.validationLoss(), e.validationAccuracy()));
                    epochsThisAttempt[0]++;
                    if (e.validationLoss() < DECIDED) {
                        throw new Decided();
                    }
                }

                @Override
                public void onRestart(int restart, int after) {
                    restarts[0] = restart;
                    abandoned[0] += epochsThisAttempt[0];
                    epochsThisAttempt[0] = 0;
                    epochs.append("| ");
                }
            }).fit(model, train);
            return new Row(r.leftChance(), r.restarts(), r.abandonedEpochs(), r.history().size(), false,
                    (System.nanoTime() - t0) / 1e9, epochs.toString().trim());
        } catch (Decided d) {
            return new Row(true, restarts[0], abandoned[0], epochsThisAttempt[0], true, (System.nanoTime() - t0) / 1e9,
                    epochs.toString().trim());
        }
    }

    private static void append(Path out, String line) throws IOException {
        Files.writeString(out, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        System.out.println(line);
    }
}
