package org.milkid.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Objects;

/**
 * One layer kind of milkid's networks, as the numerics self-check runs it: a float32 side (the
 * kernels milkid runs, in milkid's memory layout) and a float64 side (the same mathematics in
 * libtorch's double kernels, another code path) that serves as the reference.
 *
 * @param name what the operation is, as the self-check and the doctor print it
 *     (e.g. {@code "LeNet conv2 20->50 5x5 on 12x12, channels-last"})
 * @param usedByMilkid whether milkid runs this kernel; a failing operation that milkid does not
 *     use is reported by the doctor but never stops milkid
 * @param input the input's shape, e.g. {@code [8, 20, 12, 12]}
 * @param parameters the shapes of the weights, in the order the kernels take them
 * @param float32 the kernel under test, given a float32 input and float32 weights
 * @param float64 the reference kernel, given the same values as float64
 */
public record Operation(String name, boolean usedByMilkid, Shape input, List<Shape> parameters, Kernel float32,
        Kernel float64) {

    /** A differentiable computation of an output from an input and weights. */
    @FunctionalInterface
    public interface Kernel {
        /** The output; the input and the weights may require gradients. */
        NDArray apply(NDArray x, NDList parameters);
    }

    public Operation {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(float32, "float32");
        Objects.requireNonNull(float64, "float64");
        parameters = List.copyOf(parameters);
        if (input.size() == 0) {
            throw new IllegalArgumentException(name + ": empty input shape " + input);
        }
    }

    /** An operation whose float32 side is replaced, e.g. by a faulty kernel in a test. */
    public Operation withFloat32(Kernel kernel) {
        return new Operation(name, usedByMilkid, input, parameters, kernel, float64);
    }
}
