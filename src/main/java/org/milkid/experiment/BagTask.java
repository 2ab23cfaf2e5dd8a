package org.milkid.experiment;

import java.io.IOException;
import java.io.Serializable;

/**
 * The per-bag work of a command that a {@link BagScheduler} may do anywhere (in this process, on a
 * Spark executor): it gets the indexes of a group of bags, finds the bags itself from its settings
 * (they follow from the data set and the seed, as a run's do) and returns what it found as one JSON
 * string. It writes nothing. Serializable, so that a scheduler can ship it to another JVM: its
 * fields are its settings, as text.
 */
@FunctionalInterface
public interface BagTask extends Serializable {

    /**
     * Does the work of the bags {@code bags} (indexes into the command's list of bags) and returns it
     * as JSON.
     */
    String apply(int[] bags) throws IOException;
}
