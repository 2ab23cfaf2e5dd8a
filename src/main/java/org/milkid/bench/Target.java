package org.milkid.bench;

/**
 * A target of the issue and whether it is met.
 *
 * @param goal the condition, e.g. {@code >= 0.6}
 * @param value the measured value, or null when not measured
 * @param met null when not measured
 */
public record Target(String goal, Double value, Boolean met) {
    static Target atLeast(double goal, Double value) {
        return new Target(">= " + goal, value, value == null ? null : value >= goal);
    }

    static Target below(double goal, Double value) {
        return new Target("< " + goal, value, value == null ? null : value < goal);
    }
}
