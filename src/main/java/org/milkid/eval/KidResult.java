package org.milkid.eval;

import java.util.List;

/**
 * KID scores of one method on a set of bags.
 *
 * @param perThreshold precision, recall and F1 at every threshold
 * @param best the threshold with the highest F1
 * @param averagePrecision threshold-free average precision over the normalised scores
 * @param auroc threshold-free instance AUROC over the normalised scores
 * @param ndcg NDCG@n averaged over the bags (MILLI's ranking figure)
 * @param aopcR AOPC-R averaged over the bags (MILLI's perturbation figure), NaN when not measured
 * @param positiveBags the number of truly positive bags scored
 * @param keyInstances the number of key instances in them
 */
public record KidResult(List<KidScores.Prf> perThreshold, KidScores.Prf best, double averagePrecision,
        double auroc, double ndcg, double aopcR, int positiveBags, int keyInstances) {
}
