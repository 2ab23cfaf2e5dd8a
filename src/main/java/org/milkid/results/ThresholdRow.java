package org.milkid.results;

/**
 * F1, precision and recall of a method at one threshold, over runs.
 *
 * @param threshold the threshold t on the normalised scores
 * @param f1 F1 at t
 * @param precision precision at t
 * @param recall recall at t
 */
public record ThresholdRow(double threshold, Metric f1, Metric precision, Metric recall) {
}
