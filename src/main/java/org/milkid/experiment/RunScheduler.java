package org.milkid.experiment;

import java.io.IOException;
import java.util.List;

/**
 * Where the (repeat, fold) runs of an experiment are done: the sequential default does them one
 * after the other in this process ({@link #sequential}); others are found by
 * {@link RunSchedulers} (milkid built with Spark: {@code --spark MASTER}, one Spark task per
 * run). Every run is a function of the settings and its (repeat, fold) alone (see
 * {@link RunWorker}), so every scheduler gives the same checkpoints, and {@link Experiment} writes
 * the same result files from them.
 */
public interface RunScheduler extends AutoCloseable {

    /** Hears each run as soon as it is finished. */
    @FunctionalInterface
    interface Sink {
        /** Takes a finished run (the experiment writes its checkpoint). */
        void finished(FinishedRun run) throws IOException;
    }

    /** Where the runs go, for the log: {@code "sequentially in this process"}, {@code "on Spark local[2]"}. */
    String describe();

    /**
     * Does every run of {@code runs} once, in any order and with any parallelism, and hands each
     * finished run to {@code sink} as soon as it is finished, on the thread that called this method
     * and one at a time. Returns when every run has been handed over; a failed run, or a
     * {@code sink} that throws, ends the whole call with that exception (the runs handed over so
     * far stay written, for {@code --resume}).
     *
     * @param cfg the experiment's settings
     * @param runs the runs to do (those without a checkpoint)
     * @param sink hears every finished run
     */
    void run(ExperimentConfig cfg, List<RunId> runs, Sink sink) throws IOException;

    /**
     * How many runs it does at once, for the estimate of the wall time: 1 in one JVM (every run holds
     * a JVM-wide lock, see {@link RunWorker}); a cluster's scheduler, its executors.
     */
    default int parallelRuns() {
        return 1;
    }

    /** Releases what the scheduler holds (a Spark context it started); the default holds nothing. */
    @Override
    default void close() {
    }

    /**
     * The default: every run in turn in this process, on {@code worker}, reporting its training
     * and inversion to {@code progress}.
     */
    static RunScheduler sequential(RunWorker worker, org.milkid.util.Progress progress) {
        return new RunScheduler() {
            @Override
            public String describe() {
                return "sequentially in this process";
            }

            @Override
            public void run(ExperimentConfig cfg, List<RunId> runs, Sink sink) throws IOException {
                for (RunId id : runs) {
                    sink.finished(worker.run(id, progress));
                }
            }
        };
    }
}
