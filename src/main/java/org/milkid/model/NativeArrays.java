package org.milkid.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Java floats into libtorch without leaving memory behind for the garbage collector.
 *
 * <p>DJL's {@code NDManager.create(float[])} copies the floats into a fresh direct ByteBuffer and
 * lets the tensor live in that buffer's memory, which is returned to the system only when the
 * collector finds the buffer unreachable. A training step or a prediction per bag thus leaves one
 * bag's pixels (0.3-31 MB) of native memory behind until the next garbage collection, and the
 * resident memory of a long run climbs by hundreds of megabytes between collections (measured:
 * +68% over 1,000 training steps). Here the floats go through one direct buffer per thread, reused,
 * and the tensor is copied out of it into libtorch's own memory, freed when the array closes.
 */
public final class NativeArrays {
    private static final ThreadLocal<ByteBuffer> STAGING = new ThreadLocal<>();

    private NativeArrays() {
    }

    /** A float32 array of the given shape owned by {@code m}, holding {@code data} (copied). */
    public static NDArray create(NDManager m, float[] data, Shape shape) {
        if (shape.size() != data.length) {
            throw new IllegalArgumentException(data.length + " values for shape " + shape);
        }
        int bytes = Math.multiplyExact(data.length, Float.BYTES);
        ByteBuffer buf = STAGING.get();
        if (buf == null || buf.capacity() < bytes) {
            buf = ByteBuffer.allocateDirect(Math.max(bytes, 1 << 16)).order(ByteOrder.nativeOrder());
            STAGING.set(buf);
        }
        buf.clear();
        buf.asFloatBuffer().put(data);
        buf.limit(bytes);
        try (NDArray staged = m.create(buf, shape, DataType.FLOAT32)) {
            return staged.duplicate();
        }
    }
}
