package org.milkid.results;

/**
 * One method in the KID study: its test figures at the lambda and threshold it settles on, and
 * where those were chosen.
 *
 * @param name the method's name
 * @param paper whether the method is the paper's
 * @param description what the method scores
 * @param selection where lambda and threshold were chosen
 * @param f1 test F1 at the chosen threshold
 * @param precision test precision there
 * @param recall test recall there
 * @param threshold the chosen threshold
 * @param devF1 F1 on the development bags at the chosen settings, null when chosen on the test bags
 * @param averagePrecision average precision
 * @param auroc instance AUROC
 * @param ndcg NDCG@n
 * @param aopcR AOPC-R
 * @param lambda the chosen lambda of a sweeping method, null for the others
 * @param bagAccuracy bag accuracy of the method's model
 */
public record StudyRow(String name, boolean paper, String description, Selection selection, Metric f1,
        Metric precision, Metric recall, Metric threshold, Metric devF1, Metric averagePrecision, Metric auroc,
        Metric ndcg, Metric aopcR, Metric lambda, Metric bagAccuracy) {

    /** Where a method's lambda and threshold were chosen, over its runs. */
    public enum Selection {
        /** On the test bags, as the paper does (optimistic). */
        TEST("test"),
        /** On development bags, never on the test bags. */
        DEVELOPMENT("development"),
        /** On the test bags in some runs and on development bags in others. */
        MIXED("mixed");

        private final String key;

        Selection(String key) {
            this.key = key;
        }

        /** The word results.json writes. */
        public String key() {
            return key;
        }
    }
}
