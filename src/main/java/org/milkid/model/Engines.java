package org.milkid.model;

import ai.djl.engine.Engine;

/**
 * Starts DJL's PyTorch engine offline: libtorch comes from the native jar on the class path,
 * nothing is downloaded at run time.
 */
public final class Engines {
    /** The engine milkid runs on. */
    public static final String ENGINE = "PyTorch";

    private Engines() {
    }

    /** Makes sure the engine is offline and started; cheap after the first call. */
    public static synchronized Engine ensureReady() {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        return Engine.getEngine(ENGINE);
    }
}
