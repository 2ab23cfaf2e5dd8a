package org.milkid.detect;

/** The soft-threshold of the proximal step. */
public enum ThresholdForm {
    /** The paper's eq. 9 as printed: the threshold is lambda itself (method-notes section 4). */
    PAPER,
    /** Textbook ISTA: the proximal operator of eta*lambda*||X||_1, threshold eta*lambda. */
    TEXTBOOK
}
