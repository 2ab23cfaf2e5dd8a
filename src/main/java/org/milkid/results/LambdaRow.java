package org.milkid.results;

/**
 * A sweeping method's KID figures under one lambda, over the runs that scored it: F1, precision
 * and recall at each run's best threshold under that lambda, and the threshold-free figures.
 *
 * @param lambda the sparseness coefficient
 * @param f1 F1 at the best threshold
 * @param precision precision there
 * @param recall recall there
 * @param averagePrecision average precision
 * @param auroc instance AUROC
 * @param ndcg NDCG@n
 * @param aopcR AOPC-R
 */
public record LambdaRow(float lambda, Metric f1, Metric precision, Metric recall, Metric averagePrecision,
        Metric auroc, Metric ndcg, Metric aopcR) {

    /** The lambda as the decimal number results.json writes ({@code 5.0E-4}, not the float's binary value). */
    public double decimal() {
        return Double.parseDouble(Float.toString(lambda));
    }
}
