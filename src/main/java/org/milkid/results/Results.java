package org.milkid.results;

import java.util.List;

/** The contents of a results.json: of one run ({@code milkid demo}) or of an experiment. */
public sealed interface Results permits DemoResults, ExperimentResults {

    /** The data set, settings, provenance and the table of methods. */
    MethodTable table();

    /** Lines to show the reader (warnings first). */
    List<String> notes();
}
