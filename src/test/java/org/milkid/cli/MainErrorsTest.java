package org.milkid.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;
import org.milkid.util.BadInputException;

/** Only milkid's own validation and file problems are user errors; everything else is a failure. */
class MainErrorsTest {

    @Test
    void badInputAndFileProblemsAreUserErrors() {
        assertThat(Main.isUserError(new BadInputException("--epochs must be at least 1, got 0"))).isTrue();
        assertThat(Main.isUserError(new IOException("x.idx: truncated"))).isTrue();
        assertThat(Main.isUserError(new UncheckedIOException(new IOException("x")))).isTrue();
    }

    @Test
    void invariantFailuresAreNotUserErrors() {
        // what DJL throws for a shape it cannot handle, or a check inside milkid
        assertThat(Main.isUserError(new IllegalArgumentException("Shape mismatch"))).isFalse();
        assertThat(Main.isUserError(new IllegalStateException("no best epoch"))).isFalse();
        assertThat(Main.isUserError(new NullPointerException())).isFalse();
    }
}
