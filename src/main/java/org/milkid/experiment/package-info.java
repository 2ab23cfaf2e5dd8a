/**
 * Protocols that wire the stages together: {@link org.milkid.experiment.Demo} (the bundled demo),
 * {@link org.milkid.experiment.TrainJob} and {@link org.milkid.experiment.DetectJob} (one model, one
 * method), and {@link org.milkid.experiment.Experiment}, the paper's k-fold cross-validation repeated
 * with fresh seeds: {@link org.milkid.experiment.ExperimentConfig} (settings and presets),
 * {@link org.milkid.experiment.CrossValidation} (the bags of every repeat and fold),
 * {@link org.milkid.experiment.FoldJob} (train once, run every method through
 * {@link org.milkid.experiment.MethodRunner}), {@link org.milkid.experiment.FoldResult} (per-run
 * checkpoints for resume), {@link org.milkid.experiment.ExperimentResults} and
 * {@link org.milkid.experiment.ResultsJson} (results.json, folds.csv), and
 * {@link org.milkid.experiment.TimeProbe} with {@link org.milkid.experiment.ExperimentPlan} (the
 * running-time estimate).
 */
package org.milkid.experiment;
