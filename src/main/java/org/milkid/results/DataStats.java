package org.milkid.results;

import java.util.List;
import org.milkid.bag.Bag;

/**
 * The figures of the paper's Tables I and II for a set of bags: the share of positive bags and the
 * share of positive instances in positive bags, plus the bag sizes.
 *
 * @param bags the number of bags
 * @param positiveBags how many are positive
 * @param instances the number of instances in all bags
 * @param instancesInPositiveBags the number of instances in positive bags with instance labels
 * @param positiveInstancesInPositiveBags how many of those are positive (key instances)
 * @param minSize the smallest bag
 * @param maxSize the largest bag
 */
public record DataStats(int bags, int positiveBags, long instances, long instancesInPositiveBags,
        long positiveInstancesInPositiveBags, int minSize, int maxSize) {

    /** No bags. */
    public static final DataStats EMPTY = new DataStats(0, 0, 0, 0, 0, Integer.MAX_VALUE, 0);

    /** The figures of some bags. */
    public static DataStats of(List<Bag> bags) {
        DataStats s = EMPTY;
        for (Bag b : bags) {
            boolean labelled = b.label() == 1 && b.hasInstanceLabels();
            s = s.plus(new DataStats(1, b.label(), b.size(), labelled ? b.size() : 0,
                    labelled ? b.positiveInstances() : 0, b.size(), b.size()));
        }
        return s;
    }

    /** Both sets together. */
    public DataStats plus(DataStats o) {
        return new DataStats(bags + o.bags, positiveBags + o.positiveBags, instances + o.instances,
                instancesInPositiveBags + o.instancesInPositiveBags,
                positiveInstancesInPositiveBags + o.positiveInstancesInPositiveBags, Math.min(minSize, o.minSize),
                Math.max(maxSize, o.maxSize));
    }

    /** Share of positive bags (Table I), NaN without bags. */
    public double positiveBagShare() {
        return bags == 0 ? Double.NaN : (double) positiveBags / bags;
    }

    /** Share of positive instances in the positive bags with instance labels (Table II), NaN without such bags. */
    public double positiveInstanceShare() {
        return instancesInPositiveBags == 0 ? Double.NaN
                : (double) positiveInstancesInPositiveBags / instancesInPositiveBags;
    }

    /** The mean number of instances a bag. */
    public double meanSize() {
        return bags == 0 ? Double.NaN : (double) instances / bags;
    }
}
