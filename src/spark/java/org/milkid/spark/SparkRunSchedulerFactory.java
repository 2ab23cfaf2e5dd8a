package org.milkid.spark;

import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.milkid.experiment.BagScheduler;
import org.milkid.experiment.RunScheduler;
import org.milkid.experiment.RunSchedulerFactory;
import org.milkid.experiment.RunSchedulers;
import org.milkid.util.BadInputException;
import org.milkid.util.NativeMemory;
import org.milkid.util.Progress;

/**
 * The Spark scheduler's entry in {@code META-INF/services}: {@code --spark MASTER} checks the
 * master URL, starts a Spark context on it and hands it to a {@link SparkRunScheduler} (of
 * {@code experiment}) or a {@link SparkBagScheduler} (of {@code detect}), which stops it when the
 * command is done.
 *
 * <p>Settings it adds when the user (or spark-submit) has not set them: the application name
 * {@code milkid experiment} or {@code milkid detect}; Spark's console progress bar off (milkid reports every finished
 * run); executors with {@code OMP_WAIT_POLICY=PASSIVE}, glibc's malloc settings
 * ({@link NativeMemory#MALLOC_ENV}) and {@code -Xss4m -Dai.djl.offline=true}, as {@code ./milkid}
 * runs milkid.
 */
public final class SparkRunSchedulerFactory implements RunSchedulerFactory {
    /** The master URLs Spark knows, for the check and its message. */
    static final String MASTERS = "local, local[N], local[*], local[N,F], local-cluster[N,C,MB], spark://HOST:PORT,"
            + " yarn or k8s://URL";

    private static final Pattern MASTER = Pattern.compile("local(\\[(\\*|[1-9]\\d*)(,[1-9]\\d*)?])?"
            + "|local-cluster\\[[1-9]\\d*, *[1-9]\\d*, *[1-9]\\d*]"
            + "|spark://[^\\s,/:]+:[1-9]\\d*(,[^\\s,/:]+:[1-9]\\d*)*"
            + "|yarn"
            + "|k8s://\\S+");

    @Override
    public String name() {
        return RunSchedulers.SPARK;
    }

    @Override
    public boolean available() {
        try {
            Class.forName("org.apache.spark.SparkContext", false, SparkRunSchedulerFactory.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    @Override
    public RunScheduler open(String master, Progress progress) {
        return SparkRunScheduler.owning(context(master, "milkid experiment", progress), progress);
    }

    /** {@code detect --spark MASTER}: the same checks and settings, one Spark task per group of bags. */
    @Override
    public BagScheduler openBags(String master, Progress progress) {
        return SparkBagScheduler.owning(context(master, "milkid detect", progress));
    }

    /** Checks the master and starts a Spark context on it with milkid's settings. */
    private static JavaSparkContext context(String master, String appName, Progress progress) {
        checkMaster(master);
        SparkConf conf = new SparkConf();
        String given = conf.get("spark.master", null);
        if (given != null && !given.equals(master)) {
            throw new BadInputException("--spark: spark-submit gave the master " + given + " and --spark says " + master
                    + "; give the same master to both");
        }
        conf.setMaster(master);
        conf.setIfMissing("spark.app.name", appName);
        conf.setIfMissing("spark.ui.showConsoleProgress", "false");
        conf.setIfMissing("spark.executorEnv.OMP_WAIT_POLICY", "PASSIVE");
        NativeMemory.MALLOC_ENV.forEach((name, value) -> conf.setIfMissing("spark.executorEnv." + name, value));
        conf.setIfMissing("spark.executor.extraJavaOptions", "-Xss4m -Dai.djl.offline=true");
        progress.message("starting Spark on " + master + " ...");
        return new JavaSparkContext(conf);
    }

    /** Refuses a master URL that Spark would not take, naming {@code --spark}. */
    static void checkMaster(String master) {
        if (master == null || !MASTER.matcher(master).matches()) {
            throw new BadInputException("--spark: '" + master + "' is not a Spark master URL (" + MASTERS + ")");
        }
    }
}
