package org.milkid.spark;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import org.apache.spark.SparkEnv;
import org.milkid.experiment.ExperimentConfig;
import org.milkid.experiment.RunId;
import org.milkid.experiment.RunWorker;
import org.milkid.model.Engines;
import org.milkid.util.Json;
import org.milkid.util.Progress;
import scala.collection.Iterator;
import scala.runtime.AbstractFunction1;

/**
 * The Spark task of one (repeat, fold) run: reads the settings from their JSON, loads the data
 * set, builds the run's repeat, runs its fold ({@link RunWorker}: one run at a time per JVM) and
 * returns the {@link org.milkid.experiment.FinishedRun} as JSON. Its partition holds the run's
 * index ({@link RunId#index}).
 *
 * <p>Before libtorch starts in an executor JVM, the task sets its intra-op threads
 * ({@code ai.djl.pytorch.num_threads}) to {@code spark.executor.cores} when that is set and the
 * user gave no thread count (through {@code spark.executor.extraJavaOptions}); without it libtorch
 * takes every core of the machine. When the driver runs with {@code --reproducible}, the task pins
 * the same kernels ({@link Engines#useReproducibleKernels}). In local mode libtorch has started on
 * the driver already and the tasks use it as it is.
 */
final class RunTask extends AbstractFunction1<Iterator<Integer>, String> implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String configJson;
    private final boolean reproducible;

    /**
     * @param configJson the experiment's settings ({@link SparkRunScheduler#workerConfig})
     * @param reproducible whether the driver pinned libtorch's kernels
     */
    RunTask(String configJson, boolean reproducible) {
        this.configJson = configJson;
        this.reproducible = reproducible;
    }

    @Override
    public String apply(Iterator<Integer> partition) {
        int index = partition.next();
        if (partition.hasNext()) {
            throw new IllegalStateException("a milkid task does one run; its partition holds more");
        }
        try {
            prepareLibtorch(reproducible, executorCores());
            ExperimentConfig cfg = Json.gson().fromJson(configJson, ExperimentConfig.class);
            return RunWorker.open(cfg).run(RunId.ofIndex(cfg, index), Progress.NONE).toJson();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code spark.executor.cores} of this executor, or 0 when it is not set. */
    private static int executorCores() {
        SparkEnv env = SparkEnv.get();
        return env == null ? 0 : env.conf().getInt("spark.executor.cores", 0);
    }

    /**
     * Sets libtorch's threads (or the reproducible kernels) before libtorch starts in this JVM;
     * does nothing once it has started.
     */
    static synchronized void prepareLibtorch(boolean reproducible, int cores) {
        if (Engines.started()) {
            if (reproducible && !Engines.reproducible()) {
                throw new IllegalStateException("the driver runs with --reproducible but libtorch started in this"
                        + " executor without it");
            }
            return;
        }
        if (reproducible) {
            Engines.useReproducibleKernels();
        } else if (cores > 0 && System.getProperty(Engines.THREADS_PROPERTY) == null) {
            System.setProperty(Engines.THREADS_PROPERTY, Integer.toString(cores));
        }
    }
}
