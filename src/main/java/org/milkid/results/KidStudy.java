package org.milkid.results;

import java.util.List;

/**
 * The KID study of an experiment: every method's test figures at the settings it settles on (the
 * paper's methods on the test bags, milkid's on development bags when there are some).
 *
 * @param devBags the development bags per repeat (0: none)
 * @param methods one row per method with KID scores, in table order
 */
public record KidStudy(int devBags, List<StudyRow> methods) {
}
