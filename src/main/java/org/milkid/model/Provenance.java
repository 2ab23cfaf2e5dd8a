package org.milkid.model;

import java.util.Map;

/**
 * Where a model or result came from: enough to reproduce it.
 *
 * @param dataset the data set name (e.g. {@code mnist-bags})
 * @param dataFingerprint a hash of the data or of the generator's settings
 * @param seed the seed that drove the run
 * @param config the settings, as name to value
 * @param versions milkid, DJL, libtorch, Java, OS
 * @param created ISO-8601 time of creation
 */
public record Provenance(String dataset, String dataFingerprint, long seed, Map<String, Object> config,
        Map<String, String> versions, String created) {
}
