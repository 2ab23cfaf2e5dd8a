package org.milkid.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.milkid.util.AtomicFiles;
import org.milkid.util.Progress;

/**
 * Does the work of (repeat, fold) runs in this JVM, wherever a {@link RunScheduler} puts them: it
 * builds the run's repeat from the settings ({@link CrossValidation}: the bags of every repeat
 * follow from the seed alone), runs {@link FoldJob} on the fold, and returns a
 * {@link FinishedRun}: the checkpoint and, for the first run, the panels (a)-(g) (the tile heatmaps
 * for whole slides) as file bytes.
 * It writes nothing into the experiment's folder; the experiment does, from what it returns.
 *
 * <p><b>One run at a time in a JVM.</b> Every run holds one lock of the JVM for its whole length,
 * for two reasons of DJL and libtorch that are global to the process:
 * <ul>
 *   <li>DJL lets one {@code GradientCollector} be open in a JVM at a time (a second one throws),
 *       and both training and inversion open one;</li>
 *   <li>libtorch's random generator is global to the process. {@link org.milkid.train.MilTrainer}
 *       seeds it at the start of every training epoch, and dropout draws from it: the
 *       histology encoders (COLON, BREAST) and the feature encoder have dropout, so two runs
 *       training at once would interleave their draws and neither would get the masks its seed
 *       gives. MNIST-bags' LeNet encoder has no dropout and milkid draws its weights in Java
 *       ({@link org.milkid.model.MilModel#create}), so it draws nothing from libtorch's generator;
 *       the lock does not depend on that.</li>
 * </ul>
 * Two runs given to one JVM at once (Spark's {@code local[2]}, or an executor with more task
 * slots than one) therefore run one after the other, each as it would alone, and give the numbers
 * of the sequential experiment. Parallelism comes from several JVMs (Spark executors), and inside a
 * run from libtorch's threads.
 */
public final class RunWorker {
    /** Held by every run in this JVM for its whole length (see the class comment); fair, so runs go in turn. */
    private static final ReentrantLock ONE_RUN_AT_A_TIME = new ReentrantLock(true);

    /** Work that may throw an {@link IOException}. */
    @FunctionalInterface
    public interface Work<T> {
        T call() throws IOException;
    }

    /**
     * Does {@code work} holding the lock every run of this JVM holds (see the class comment): for
     * other libtorch work that runs where runs do, such as the bags of {@code detect --spark} on an
     * executor. Waits while a run or other such work is going.
     */
    public static <T> T alone(Work<T> work) throws IOException {
        ONE_RUN_AT_A_TIME.lock();
        try {
            return work.call();
        } finally {
            ONE_RUN_AT_A_TIME.unlock();
        }
    }

    /** The bags of a repeat, by index. */
    @FunctionalInterface
    public interface Repeats {
        CrossValidation.Repeat repeat(int r) throws IOException;
    }

    private final ExperimentConfig cfg;
    private final Repeats repeats;
    private CrossValidation.Repeat last;
    private Path keepModelsIn;

    /**
     * A worker on the repeats that {@code repeats} builds (the experiment's own, which it shares
     * with its data statistics).
     */
    public RunWorker(ExperimentConfig cfg, Repeats repeats) {
        this.cfg = cfg;
        this.repeats = repeats;
    }

    /** A worker that loads the data set of {@code cfg} itself (on another machine, in a Spark task). */
    public static RunWorker open(ExperimentConfig cfg) throws IOException {
        CrossValidation cv = CrossValidation.open(cfg);
        return new RunWorker(cfg, cv::repeat);
    }

    /**
     * Keeps the models of every run in the experiment folder {@code out} while the run is going
     * ({@link ModelCheckpoints}), and, when the experiment resumes, takes those an interrupted run
     * left instead of training them again.
     */
    public RunWorker keepingModelsIn(Path out) {
        keepModelsIn = out;
        return this;
    }

    public ExperimentConfig config() {
        return cfg;
    }

    /**
     * Does one run: trains the fold's models, runs every method, and draws the panels when it is
     * the first run. Waits while another run of this JVM is going (see the class comment).
     *
     * @param id the run
     * @param progress hears the run's training and inversion, every line prefixed with where it is
     */
    public FinishedRun run(RunId id, Progress progress) throws IOException {
        if (id.repeat() >= cfg.repeats() || id.fold() >= cfg.folds()) {
            throw new IllegalArgumentException("run " + id + " is not one of " + cfg.repeats() + " repeats x "
                    + cfg.folds() + " folds");
        }
        return alone(() -> {
            if (last == null || last.index() != id.repeat()) {
                last = null; // let the old repeat's bags go before the new ones are built
                last = repeats.repeat(id.repeat());
            }
            CrossValidation.Fold fold = last.fold(id.fold());
            String where = String.format("r%d/%d f%d/%d ", id.repeat() + 1, cfg.repeats(), id.fold() + 1, cfg.folds());
            progress.message(where + "training on " + fold.train().size() + " bags, testing on " + fold.test().size());
            ModelCheckpoints store = keepModelsIn == null ? ModelCheckpoints.NONE
                    : ModelCheckpoints.of(keepModelsIn, id, cfg.resume());
            FoldJob.Output o = FoldJob.run(cfg, fold, CrossValidation.foldSeed(last.seed(), id.fold()), last.dev(),
                    store, new Prefixed(progress, where));
            Map<String, byte[]> panels = id.first() && cfg.panelBags() > 0 ? panels(o) : null;
            return new FinishedRun(o.result(), panels);
        });
    }

    /** The panel files of a run, drawn in a scratch folder and read back; null without the method attention. */
    private Map<String, byte[]> panels(FoldJob.Output o) throws IOException {
        Path scratch = Files.createTempDirectory("milkid-panels");
        try {
            Path dir = scratch.resolve("panels");
            if (!Experiment.writePanels(scratch, o.outcomes(), cfg.thresholds().get(0), cfg.panelBags())) {
                return null;
            }
            Map<String, byte[]> files = new TreeMap<>();
            try (Stream<Path> s = Files.list(dir)) {
                for (Path p : s.sorted().toList()) {
                    if (Files.isRegularFile(p)) {
                        files.put(p.getFileName().toString(), Files.readAllBytes(p));
                    }
                }
            }
            return files;
        } finally {
            AtomicFiles.deleteTree(scratch);
        }
    }

    /** Puts the repeat and fold before every task name, so the bars say where the experiment is. */
    private static final class Prefixed implements Progress {
        private final Progress inner;
        private final String prefix;

        Prefixed(Progress inner, String prefix) {
            this.inner = inner;
            this.prefix = prefix;
        }

        @Override
        public void message(String line) {
            inner.message(prefix + line);
        }

        @Override
        public void update(String task, long done, long total) {
            inner.update(prefix + task, done, total);
        }
    }
}
