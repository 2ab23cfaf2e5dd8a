package org.milkid.bag;

import java.util.List;

/**
 * A data set read whole from files into one pool of bags (the histopathology sets, users'
 * images): {@link #trainBags()} is the pool, {@link #testBags()} is empty and cross-validation
 * or a hold-out splits the pool. Immutable once read.
 */
public abstract class PooledBagSource implements BagSource {
    private final List<Bag> bags;
    private final List<String> warnings;
    private final String fingerprint;

    /**
     * @param bags the pool, in a stable order
     * @param warnings what was skipped or dropped while reading, one line each
     * @param fingerprint a hash of the files read
     */
    protected PooledBagSource(List<Bag> bags, List<String> warnings, String fingerprint) {
        this.bags = List.copyOf(bags);
        this.warnings = List.copyOf(warnings);
        this.fingerprint = fingerprint;
    }

    /** The whole pool. */
    @Override
    public final List<Bag> trainBags() {
        return bags;
    }

    /** Empty: the data set is one pool, split by cross-validation or a hold-out. */
    @Override
    public final List<Bag> testBags() {
        return List.of();
    }

    /** SHA-256 over the files read, sorted by name, hex. */
    @Override
    public final String fingerprint() {
        return fingerprint;
    }

    /** What was skipped or dropped while reading, one line each. */
    public final List<String> warnings() {
        return warnings;
    }
}
