package org.milkid.experiment;

import org.milkid.util.Progress;

/**
 * The service interface of the schedulers that are not built into milkid's core (found by
 * {@link java.util.ServiceLoader} through {@link RunSchedulers}): the Spark scheduler of the
 * build profile {@code spark} is one. A factory opens schedulers of an experiment's runs
 * ({@link #open}) and may open schedulers of {@code detect}'s bags ({@link #openBags}). A factory is listed in
 * {@code META-INF/services/org.milkid.experiment.RunSchedulerFactory}.
 */
public interface RunSchedulerFactory {

    /** The name that selects it: {@code "spark"} for the option {@code --spark}. */
    String name();

    /**
     * Whether the libraries it needs are on the class path (milkid's jar built with the profile
     * but run without Spark's jars says false).
     */
    boolean available();

    /**
     * Opens a scheduler on {@code target} (Spark: the master URL). Checks {@code target} first and
     * refuses a malformed one with a {@link org.milkid.util.BadInputException} naming the option.
     *
     * @param target where the runs go, as the user wrote it
     * @param progress hears the scheduler's own news (context started, cores)
     */
    RunScheduler open(String target, Progress progress);

    /**
     * Opens a scheduler of {@code detect}'s bags on {@code target}, checked as by {@link #open}.
     * The default: this factory schedules experiment runs only.
     */
    default BagScheduler openBags(String target, Progress progress) {
        throw new org.milkid.util.BadInputException("--" + name() + " does not schedule detect's bags");
    }
}
