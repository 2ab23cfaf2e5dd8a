/**
 * The paper's protocol, k-fold cross-validation repeated with fresh seeds, and the parts the
 * commands of {@link org.milkid.app} share: {@link org.milkid.experiment.Experiment} with
 * {@link org.milkid.experiment.ExperimentConfig} (settings and presets),
 * {@link org.milkid.experiment.CrossValidation} (the bags of every repeat and fold),
 * {@link org.milkid.experiment.FoldJob} (train once, run every method through
 * {@link org.milkid.experiment.MethodRunner}), {@link org.milkid.experiment.FoldResult} (per-run
 * checkpoints for resume), {@link org.milkid.experiment.MethodSummaries} (every method over its
 * runs, as the records of {@code org.milkid.results}) and {@link org.milkid.experiment.ExperimentSummary}
 * (an experiment's results and folds.csv), and
 * {@link org.milkid.experiment.TimeProbe} with {@link org.milkid.experiment.ExperimentPlan} (the
 * running-time estimate). Where the runs are done is a {@link org.milkid.experiment.RunScheduler}:
 * in turn in this process by default, or elsewhere through a
 * {@link org.milkid.experiment.RunSchedulerFactory} that {@link org.milkid.experiment.RunSchedulers}
 * finds (Spark, in the build profile {@code spark}); {@link org.milkid.experiment.RunWorker} does one
 * run and returns a {@link org.milkid.experiment.FinishedRun}.
 */
package org.milkid.experiment;
