package org.milkid.model;

/**
 * A libtorch kernel that milkid uses computes wrong numbers on this machine (found by the
 * numerics self-check at engine start). Its message is one line naming the operation, the CPU
 * and the remedy; the command line prints it alone and exits with 1.
 */
public class NumericsException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public NumericsException(String message) {
        super(message);
    }
}
