package org.milkid.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SimpleFutureAction;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.milkid.util.BadInputException;
import scala.collection.Iterator;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.AbstractFunction0;
import scala.runtime.AbstractFunction1;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

/**
 * The one way milkid runs a Spark job: one partition (one task) per item, each task's JSON handed
 * to the driver's caller as soon as that task succeeds, on the calling thread and one at a time;
 * a failed task's user error thrown as itself.
 */
final class SparkJobs {
    private SparkJobs() {
    }

    /** Takes the JSON of one finished task. */
    @FunctionalInterface
    interface Arrival {
        /**
         * @param partition the task's partition: the index of its item
         * @param json what the task returned
         */
        void take(int partition, String json) throws IOException;
    }

    /**
     * Runs {@code task} on every item of {@code items}, one partition each, and hands every task's
     * result to {@code arrival} as it arrives. Returns when all have been handed over; cancels the
     * job when {@code arrival} throws or the wait is interrupted.
     *
     * @param description the job's description in Spark's UI
     * @param what the job and its items for messages: {@code "the Spark job of the experiment's runs"}
     */
    static void run(JavaSparkContext sc, List<Integer> items, AbstractFunction1<Iterator<Integer>, String> task,
            String description, String what, Arrival arrival) throws IOException {
        List<Object> partitions = new ArrayList<>();
        for (int p = 0; p < items.size(); p++) {
            partitions.add(p);
        }
        JavaRDD<Integer> rdd = sc.parallelize(items, items.size());
        record Arrived(int partition, String json) {
        }
        BlockingQueue<Arrived> arrived = new LinkedBlockingQueue<>();
        sc.setJobDescription(description);
        SimpleFutureAction<BoxedUnit> job = sc.sc().submitJob(rdd.rdd(), task,
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
            while (handed < items.size()) {
                Arrived a = arrived.poll(200, TimeUnit.MILLISECONDS);
                if (a != null) {
                    arrival.take(a.partition(), a.json());
                    handed++;
                } else if (job.isCompleted() && arrived.isEmpty()) {
                    break; // failed (what was handed over stays taken), or done without every task
                }
            }
            await(job, what);
            done = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + what, e);
        } finally {
            if (!done) {
                job.cancel();
            }
        }
        if (handed < items.size()) {
            throw new IllegalStateException(what + " ended with " + handed + " of " + items.size()
                    + " tasks handed over");
        }
    }

    /**
     * Waits for the job; a failed task's user error (missing data on an executor, a damaged file)
     * is thrown as itself, anything else wrapped with Spark's message.
     */
    static void await(SimpleFutureAction<BoxedUnit> job, String what) throws IOException {
        try {
            job.get();
        } catch (Exception e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof BadInputException b) {
                    throw b;
                }
                if (t instanceof UncheckedIOException u) {
                    throw u.getCause();
                }
                if (t instanceof IOException io) {
                    throw io;
                }
            }
            if (e instanceof RuntimeException r && !(e instanceof org.apache.spark.SparkException)) {
                throw r;
            }
            throw new IllegalStateException(what + " failed: " + e.getMessage(), e);
        }
    }
}
