package org.milkid.spark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.milkid.data.features.FeatureBagsConfig;
import org.milkid.data.mnist.MnistBagsConfig;
import org.milkid.data.mnist.MnistDigits;
import org.milkid.experiment.ExperimentConfig;
import org.milkid.experiment.FinishedRun;
import org.milkid.experiment.RunId;
import org.milkid.experiment.RunScheduler;
import org.milkid.model.Engines;
import org.milkid.util.Json;
import org.milkid.util.Progress;

/**
 * Does an experiment's (repeat, fold) runs on Spark: one job over an RDD of the runs to do, one
 * partition (one task) per run. A task ({@link RunTask}) gets the settings as a JSON string,
 * rebuilds its repeat's bags from them (they follow from the seed), runs the fold and returns the
 * {@link FinishedRun} as JSON; the driver hands every run to the experiment as soon as its task
 * succeeds, so its checkpoint is written at once and a driver restarted with {@code --resume}
 * skips it. A task that fails is re-run by Spark (up to {@code spark.task.maxFailures}) with the
 * same figures, as a run depends on the settings alone.
 *
 * <p><b>Cores.</b> An executor JVM does one run at a time ({@link org.milkid.experiment.RunWorker}
 * holds a JVM-wide lock: DJL allows one gradient collector per JVM, and libtorch's random
 * generator is global to the process), and that run's libtorch uses the executor's cores:
 * {@link RunTask} sets libtorch's thread count to {@code spark.executor.cores} before libtorch
 * starts in the executor. Give executors {@code spark.task.cpus} equal to
 * {@code spark.executor.cores} so that Spark sends one task at a time to each. In
 * {@code local[N]} the tasks run in this JVM, on the libtorch that milkid started here, one after
 * the other: the same numbers, no speed-up.
 *
 * <p><b>Files.</b> Executors read the data (the data set's folder, or the MNIST digits: milkid's
 * bundled {@code data/mnist} or {@code --mnist-dir}) at the absolute path the driver sees; on a
 * cluster that path must be on a file system every executor mounts. Executors write nothing:
 * every file of the output folder is written by the driver.
 */
public final class SparkRunScheduler implements RunScheduler {
    private final JavaSparkContext sc;
    private final boolean owned;
    private final Progress progress;

    private SparkRunScheduler(JavaSparkContext sc, boolean owned, Progress progress) {
        this.sc = sc;
        this.owned = owned;
        this.progress = progress;
    }

    /** A scheduler on a context the caller started and stops (a notebook's, a test's). */
    public static SparkRunScheduler on(JavaSparkContext sc, Progress progress) {
        return new SparkRunScheduler(sc, false, progress);
    }

    /** A scheduler that stops {@code sc} when it is closed. */
    static SparkRunScheduler owning(JavaSparkContext sc, Progress progress) {
        return new SparkRunScheduler(sc, true, progress);
    }

    @Override
    public String describe() {
        return "on Spark " + sc.master() + " (" + sc.defaultParallelism() + " task slots, one Spark task per run)";
    }

    /**
     * The executors registered now (at least 1); 1 for a local master, whose tasks share the driver's
     * JVM and so run one at a time.
     */
    @Override
    public int parallelRuns() {
        if (sc.master().startsWith("local[") || sc.master().equals("local")) {
            return 1;
        }
        // the status tracker lists the driver too
        return Math.max(1, sc.sc().statusTracker().getExecutorInfos().length - 1);
    }

    @Override
    public void run(ExperimentConfig cfg, List<RunId> runs, Sink sink) throws IOException {
        if (runs.isEmpty()) {
            return;
        }
        List<Integer> indexes = runs.stream().map(id -> id.index(cfg)).toList();
        RunTask task = new RunTask(workerConfig(cfg), Engines.reproducible());
        SparkJobs.run(sc, indexes, task, "milkid experiment: " + runs.size() + " runs into " + cfg.out(),
                "the Spark job of the experiment's runs",
                (partition, json) -> sink.finished(FinishedRun.fromJson(json, "a Spark task's run")));
    }

    /**
     * The settings as the tasks get them, as JSON: the data's folders (and a slide CSV named with
     * {@code --labels}) made absolute, and the MNIST digits' folder named (milkid's bundled digits
     * when the settings give none), so that an executor reads the same files wherever it starts.
     */
    static String workerConfig(ExperimentConfig cfg) {
        ExperimentConfig c = cfg;
        if (c.mnist() != null) {
            MnistBagsConfig m = c.mnist();
            Path dir = m.mnistDir() != null ? m.mnistDir() : MnistDigits.bundledDir();
            c = c.withMnist(new MnistBagsConfig(m.grid(), m.targetDigit(), m.trainBags(), m.testBags(), m.seed(),
                    dir.toAbsolutePath().normalize()));
        }
        if (c.dataDir() != null) {
            FeatureBagsConfig f = c.features();
            if (f != null && f.labels() != null) {
                f = new FeatureBagsConfig(f.labels().toAbsolutePath().normalize(), f.positiveLabel(), f.tileSize());
            }
            c = c.toBuilder().dataDir(c.dataDir().toAbsolutePath().normalize()).features(f).build();
        }
        return Json.text(Json.gson().toJsonTree(c));
    }

    /** Stops the Spark context when this scheduler started it. */
    @Override
    public void close() {
        if (owned) {
            sc.stop();
        }
    }
}
