package org.milkid.experiment;

import java.util.ServiceLoader;
import org.milkid.util.BadInputException;
import org.milkid.util.Progress;

/**
 * Finds the schedulers that live outside milkid's core through {@link ServiceLoader}: today the
 * Spark scheduler of the build profile {@code spark} ({@code --spark MASTER} of {@code experiment},
 * {@link #spark}, and of {@code detect}, {@link #sparkBags}).
 */
public final class RunSchedulers {
    /** The name of the Spark scheduler's factory. */
    public static final String SPARK = "spark";

    private RunSchedulers() {
    }

    /**
     * Opens the Spark scheduler on a master URL ({@code local[2]}, {@code spark://HOST:7077},
     * {@code yarn}, ...).
     *
     * @throws BadInputException naming {@code --spark}, with how to get Spark, when milkid was built
     *     without it or runs without Spark's jars; and when the master URL is malformed
     */
    public static RunScheduler spark(String master, Progress progress) {
        return open(ServiceLoader.load(RunSchedulerFactory.class, RunSchedulers.class.getClassLoader()), SPARK, master,
                progress);
    }

    /**
     * Opens the Spark scheduler of {@code detect}'s bags on a master URL: one Spark task per group
     * of bags.
     *
     * @throws BadInputException as {@link #spark}
     */
    public static BagScheduler sparkBags(String master, Progress progress) {
        return find(ServiceLoader.load(RunSchedulerFactory.class, RunSchedulers.class.getClassLoader()), SPARK)
                .openBags(master, progress);
    }

    /** Opens the scheduler called {@code name} among {@code factories}. */
    static RunScheduler open(Iterable<RunSchedulerFactory> factories, String name, String target, Progress progress) {
        return find(factories, name).open(target, progress);
    }

    /**
     * The available factory called {@code name} among {@code factories}; refused, saying how to get
     * it, when there is none or its libraries are missing.
     */
    static RunSchedulerFactory find(Iterable<RunSchedulerFactory> factories, String name) {
        java.util.Iterator<RunSchedulerFactory> it = factories.iterator();
        while (true) {
            RunSchedulerFactory f;
            try {
                if (!it.hasNext()) {
                    break;
                }
                f = it.next();
            } catch (java.util.ServiceConfigurationError e) {
                // a class folder that lists a factory whose class is gone (classes of a build with Spark
                // recompiled without it): as good as no factory; the next one may still be there
                continue;
            }
            if (!f.name().equals(name)) {
                continue;
            }
            if (!f.available()) {
                throw new BadInputException("--" + name + ": Spark's jars are not on the class path of this milkid"
                        + " (built with Spark); run it as MILKID_SPARK=1 ./milkid ... or through spark-submit");
            }
            return f;
        }
        throw new BadInputException("--" + name + ": this milkid was built without Spark; get it with"
                + " MILKID_SPARK=1 ./milkid experiment|detect ... --spark MASTER (or mvn -B -Pspark package for"
                + " spark-submit;"
                + " see the README, Scale-out on Spark)");
    }
}
