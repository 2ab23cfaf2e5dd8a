package org.milkid.util;

/**
 * Bad input from the user: an option value, a setting or a file that milkid refuses. Its message
 * names the option or file and the problem; the command line prints it as one line and exits
 * with 2. Every other exception (DJL's own argument checks included) is a failure of milkid.
 */
public class BadInputException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
