package org.milkid.bag;

import java.io.IOException;
import java.util.List;

/**
 * Turns a data set (files on disk, or a generator and a seed) into bags. One implementation per
 * data set: MNIST-bags, COLON CANCER, BREAST CANCER, generic image grids.
 */
public interface BagSource {

    /** A short name of the data set, as on the command line (e.g. {@code mnist-bags}). */
    String name();

    /** The bags to train on (including those a trainer will hold out for validation). */
    List<Bag> trainBags() throws IOException;

    /**
     * The bags to test on. Sources with one pool of bags (the histopathology sets) return an
     * empty list: cross-validation then splits {@link #trainBags()}.
     */
    List<Bag> testBags() throws IOException;

    /** A fingerprint of the data (hash of the source files or of the generator's settings). */
    String fingerprint();
}
