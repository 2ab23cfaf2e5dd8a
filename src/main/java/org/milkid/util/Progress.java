package org.milkid.util;

/**
 * Hears long work: a progress bar with ETA on a terminal, plain log lines in CI, nothing in tests.
 * Library code reports through it and never prints.
 */
public interface Progress {
    /** Hears nothing. */
    Progress NONE = new Progress() {
        @Override
        public void message(String line) {
        }

        @Override
        public void update(String task, long done, long total) {
        }
    };

    /** A line of news (a stage begins or ends, a warning). */
    void message(String line);

    /** {@code done} of {@code total} units of {@code task} are finished. */
    void update(String task, long done, long total);
}
