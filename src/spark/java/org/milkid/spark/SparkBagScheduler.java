package org.milkid.spark;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.milkid.experiment.BagScheduler;
import org.milkid.experiment.BagTask;
import org.milkid.model.Engines;

/**
 * Does {@code detect}'s groups of bags on Spark: one job over an RDD of the group indexes, one
 * partition (one task, {@link BagGroupTask}) per group. A task gets the {@link BagTask} (the
 * detection's settings as text: the model's folder, the data set, the method, and a self-training
 * classifier fitted on the driver), finds its bags itself and returns their detections as JSON; the
 * driver hears every group as its task succeeds and, when all are in, scores and writes as the
 * sequential run. A task that fails is re-run by Spark (up to {@code spark.task.maxFailures}) with
 * the same detections.
 *
 * <p><b>Cores.</b> As for the runs of an experiment ({@link SparkRunScheduler}): an executor JVM
 * detects one group at a time ({@link org.milkid.experiment.RunWorker#alone}), on libtorch threads
 * set from {@code spark.executor.cores}; in {@code local[N]} the groups run one after the other in
 * this JVM: the same files, no speed-up.
 *
 * <p><b>Files.</b> Executors read the model folder and the data (or the MNIST digits) at the absolute
 * paths the driver sees, and write nothing.
 */
public final class SparkBagScheduler implements BagScheduler {
    private final JavaSparkContext sc;
    private final boolean owned;

    private SparkBagScheduler(JavaSparkContext sc, boolean owned) {
        this.sc = sc;
        this.owned = owned;
    }

    /** A scheduler on a context the caller started and stops (a notebook's, a test's). */
    public static SparkBagScheduler on(JavaSparkContext sc) {
        return new SparkBagScheduler(sc, false);
    }

    /** A scheduler that stops {@code sc} when it is closed. */
    static SparkBagScheduler owning(JavaSparkContext sc) {
        return new SparkBagScheduler(sc, true);
    }

    @Override
    public String describe() {
        return "on Spark " + sc.master() + " (" + sc.defaultParallelism() + " task slots, one Spark task per group)";
    }

    /** Spark's default parallelism: the task slots of the executors (the cores of {@code local[N]}). */
    @Override
    public int slots() {
        return sc.defaultParallelism();
    }

    @Override
    public void run(BagTask task, List<int[]> groups, Sink sink) throws IOException {
        if (groups.isEmpty()) {
            return;
        }
        List<Integer> indexes = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            indexes.add(g);
        }
        BagGroupTask t = new BagGroupTask(task, groups, Engines.reproducible());
        SparkJobs.run(sc, indexes, t, "milkid detect: " + groups.size() + " groups of bags",
                "the Spark job of detect's bags", sink::done);
    }

    /** Stops the Spark context when this scheduler started it. */
    @Override
    public void close() {
        if (owned) {
            sc.stop();
        }
    }
}
