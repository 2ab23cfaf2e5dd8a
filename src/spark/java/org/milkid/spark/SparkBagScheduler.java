package org.milkid.spark;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SimpleFutureAction;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.milkid.experiment.BagScheduler;
import org.milkid.experiment.BagTask;
import org.milkid.model.Engines;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.AbstractFunction0;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

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
        List<Object> partitions = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            indexes.add(g);
            partitions.add(g);
        }
        JavaRDD<Integer> rdd = sc.parallelize(indexes, indexes.size());
        BagGroupTask t = new BagGroupTask(task, groups, Engines.reproducible());
        record Arrived(int group, String json) {
        }
        BlockingQueue<Arrived> arrived = new LinkedBlockingQueue<>();
        sc.setJobDescription("milkid detect: " + groups.size() + " groups of bags");
        SimpleFutureAction<BoxedUnit> job = sc.sc().submitJob(rdd.rdd(), t,
                CollectionConverters.asScala(partitions).toSeq(), new AbstractFunction2<Object, String, BoxedUnit>() {
                    @Override
                    public BoxedUnit apply(Object partition, String json) {
                        arrived.add(new Arrived((Integer) partition, json));
                        return BoxedUnit.UNIT;
                    }
                }, new AbstractFunction0<BoxedUnit>() {
                    @Override
                    public BoxedUnit apply() {
                        return BoxedUnit.UNIT;
                    }
                });
        int handed = 0;
        boolean done = false;
        try {
            while (handed < groups.size()) {
                Arrived a = arrived.poll(200, TimeUnit.MILLISECONDS);
                if (a != null) {
                    sink.done(a.group(), a.json());
                    handed++;
                } else if (job.isCompleted() && arrived.isEmpty()) {
                    break; // failed, or done without every group
                }
            }
            SparkRunScheduler.await(job, "the Spark job of detect's bags");
            done = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the Spark job of detect's bags", e);
        } finally {
            if (!done) {
                job.cancel();
            }
        }
        if (handed < groups.size()) {
            throw new IllegalStateException("the Spark job ended with " + handed + " of " + groups.size()
                    + " groups of bags handed over");
        }
    }

    /** Stops the Spark context when this scheduler started it. */
    @Override
    public void close() {
        if (owned) {
            sc.stop();
        }
    }
}
