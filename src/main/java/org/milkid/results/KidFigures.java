package org.milkid.results;

import java.util.List;

/**
 * A method's key instance detection over runs, at its chosen lambda: F1, precision and recall at the
 * chosen threshold, the threshold-free figures, and the curve over every threshold.
 *
 * @param f1 F1 at {@code threshold}
 * @param precision precision at {@code threshold}
 * @param recall recall at {@code threshold}
 * @param averagePrecision average precision
 * @param auroc instance AUROC
 * @param ndcg NDCG@n (n = a bag's key instances), averaged over bags
 * @param aopcR AOPC-R (MILLI's perturbation figure), averaged over bags
 * @param threshold the chosen threshold
 * @param positiveBags the truly positive bags scored a run
 * @param keyInstances the key instances in them
 * @param perThreshold F1, precision and recall at every threshold of the grid
 */
public record KidFigures(Metric f1, Metric precision, Metric recall, Metric averagePrecision, Metric auroc,
        Metric ndcg, Metric aopcR, double threshold, Metric positiveBags, Metric keyInstances,
        List<ThresholdRow> perThreshold) {
}
