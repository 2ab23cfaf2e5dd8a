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
    private final List<String> empty;
    private final String fingerprint;

    /**
     * @param bags the pool, in a stable order
     * @param warnings what was skipped or dropped while reading, one line each
     * @param empty the images that gave no instance and so no bag, one line each: the file, a
     *     colon and the reason (also among the warnings)
     * @param fingerprint a hash of the files read
     */
    protected PooledBagSource(List<Bag> bags, List<String> warnings, List<String> empty, String fingerprint) {
        this.bags = List.copyOf(bags);
        this.warnings = List.copyOf(warnings);
        this.empty = List.copyOf(empty);
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

    /**
     * The images that would have been empty bags and were left out, each "file: reason". Callers
     * decide whether that is acceptable (milkid's commands refuse it unless --skip-empty).
     */
    public final List<String> emptyImages() {
        return empty;
    }
}
