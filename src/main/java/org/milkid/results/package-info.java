/**
 * The results of a run and of an experiment as types, and their one file format.
 * {@link org.milkid.results.DemoResults} (one run: {@code milkid demo}) and
 * {@link org.milkid.results.ExperimentResults} (repeated k-fold cross-validation) share a
 * {@link org.milkid.results.MethodTable}: per method ({@link org.milkid.results.MethodResults}) the bag
 * metrics, the KID figures at the chosen threshold ({@link org.milkid.results.KidFigures}) with the
 * curve over thresholds, the chosen lambda with the curve over lambdas
 * ({@link org.milkid.results.LambdaRow}), every figure a {@link org.milkid.results.Metric} (mean, SEM,
 * n, 95% interval). An experiment adds its data statistics ({@link org.milkid.results.DataStats}),
 * training, running time and the KID study ({@link org.milkid.results.KidStudy}: test figures at
 * development-chosen settings). {@link org.milkid.results.ResultsCodec} alone reads and writes
 * {@code results.json} and owns its format number; everything else works on the records.
 * {@link org.milkid.results.ResultsTable} prints the methods as a plain-text table.
 * {@link org.milkid.results.DetectSummary} is what {@code milkid detect} found with one method on one
 * model (its summary.json, written by the same codec).
 */
package org.milkid.results;
