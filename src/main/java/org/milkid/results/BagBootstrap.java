package org.milkid.results;

/**
 * The settings of the bootstrap over bags that gives a single run's KID figures their interval.
 *
 * @param resamples the number of resamples
 * @param seed the seed of the draws; every method uses the same, so all draw the same bags
 */
public record BagBootstrap(int resamples, long seed) {
    public BagBootstrap {
        if (resamples < 100) {
            throw new IllegalArgumentException("a bootstrap needs at least 100 resamples, got " + resamples);
        }
    }
}
