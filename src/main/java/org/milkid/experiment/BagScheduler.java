package org.milkid.experiment;

import java.io.IOException;
import java.util.List;

/**
 * Where the per-bag work of {@code detect} is done: groups of bags, each group one
 * {@link BagTask#apply} call, elsewhere (milkid built with
 * Spark: {@code detect --spark MASTER}, one Spark task per group; found by {@link RunSchedulers}).
 * The caller puts the groups' results together in the bags' order, so every scheduler gives the
 * same files.
 */
public interface BagScheduler extends AutoCloseable {

    /** Hears each group's result as soon as it is done. */
    @FunctionalInterface
    interface Sink {
        /**
         * Takes the result of group {@code group} (its index in the list given to {@link #run}).
         *
         * @param json what {@link BagTask#apply} returned for the group
         */
        void done(int group, String json) throws IOException;
    }

    /** Where the groups go, for the log: {@code "on Spark local[2] (2 task slots, ...)"}. */
    String describe();

    /** How many groups it can do at once (a Spark context's default parallelism; 1 in this process). */
    int slots();

    /**
     * Applies {@code task} to every group once, in any order and with any parallelism, and hands each
     * result to {@code sink} as soon as it is there, on the thread that called this method and one at a
     * time. Returns when every group has been handed over; a failed group ends the call with its
     * exception (a user error in a task, such as a missing data file, as itself).
     */
    void run(BagTask task, List<int[]> groups, Sink sink) throws IOException;

    /** Releases what the scheduler holds (a Spark context it started); the default holds nothing. */
    @Override
    default void close() {
    }

}
