/**
 * milkid on Apache Spark (the build profile {@code spark}): {@code milkid experiment --spark
 * MASTER} does every (repeat, fold) run of an experiment as one Spark task, and {@code milkid
 * detect --spark MASTER} every group of test bags ({@link org.milkid.spark.SparkBagScheduler},
 * {@link org.milkid.spark.BagGroupTask}).
 * {@link org.milkid.spark.SparkRunSchedulerFactory} is found by {@link java.util.ServiceLoader}
 * through {@link org.milkid.experiment.RunSchedulers}; {@link org.milkid.spark.SparkRunScheduler}
 * submits the job and hands every finished run to the experiment as it arrives;
 * {@link org.milkid.spark.RunTask} is the task that runs on an executor.
 */
package org.milkid.spark;
