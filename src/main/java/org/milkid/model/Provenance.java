package org.milkid.model;

import java.time.Instant;
import java.util.Map;

/**
 * Where a model or result came from: enough to reproduce it, and to say which machine computed it.
 *
 * @param dataset the data set name (e.g. {@code mnist-bags})
 * @param dataFingerprint a hash of the data or of the generator's settings
 * @param seed the seed that drove the run
 * @param config the settings, as name to value
 * @param versions milkid and its git commit, DJL, libtorch as loaded, Java, OS
 *     ({@link org.milkid.model.Versions#all()})
 * @param cpu the machine: CPU model, its vector instruction sets, cores, libtorch's threads and
 *     oneDNN's instruction-set cap ({@link Platform#machine()}); null in files written before it
 *     was recorded
 * @param created ISO-8601 time of creation
 */
public record Provenance(String dataset, String dataFingerprint, long seed, Map<String, Object> config,
        Map<String, String> versions, Map<String, String> cpu, String created) {

    /** A provenance of this machine: {@code cpu} is {@link Platform#current()}'s machine. */
    public Provenance(String dataset, String dataFingerprint, long seed, Map<String, Object> config,
            Map<String, String> versions, String created) {
        this(dataset, dataFingerprint, seed, config, versions, Platform.current().machine(), created);
    }

    /**
     * The provenance of something made now on this machine: milkid's and its libraries' versions
     * ({@link Versions#all()}), the machine ({@link Platform#current()}) and the time of creation.
     */
    public static Provenance of(String dataset, String dataFingerprint, long seed, Map<String, Object> config) {
        return new Provenance(dataset, dataFingerprint, seed, config, Versions.all(), Instant.now().toString());
    }
}
