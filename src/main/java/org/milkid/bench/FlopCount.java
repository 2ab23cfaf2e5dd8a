package org.milkid.bench;

import java.util.ArrayList;
import java.util.List;
import org.milkid.model.EncoderKind;
import org.milkid.model.ModelConfig;
import org.milkid.model.ModelKind;
import org.milkid.util.BadInputException;

/**
 * Counts the multiply-adds of the convolution and linear layers of a {@link org.milkid.model.MilBlock}
 * for one bag, from the architecture alone (no engine needed). Activations, pooling, softmax and
 * the attention-weighted sum are not counted: the counts are the "useful work" against which a
 * measured time is turned into an efficiency.
 *
 * <p>Per layer, three figures: the forward pass; the backward pass to the layer's input (a
 * transposed product of the same size); the weight gradient (again the same size; biases are not
 * counted). A stride-1 "valid" convolution producing {@code [F, Ho, Wo]} from {@code C} channels
 * with a {@code kh x kw} kernel does {@code F*Ho*Wo*C*kh*kw} multiply-adds per instance; a linear
 * layer {@code in -> out} does {@code in*out} per row.
 *
 * <p>Additive MIL runs its instance classifier psi (three linear layers, {@code psi1..psi3}) on every
 * scaled embedding a_k h_k (on the loss path), on every h_k (the ALONE output, off it) and once on
 * the zero vector (psi(0), one row a bag, not counted).
 */
public final class FlopCount {
    private FlopCount() {
    }

    /**
     * One layer's multiply-adds for a whole bag.
     *
     * @param name the layer, e.g. {@code conv1}
     * @param weights the number of weights (without biases); a layer applied twice appears twice
     * @param forward multiply-adds of the forward pass
     * @param inputGrad multiply-adds of the gradient to the layer's input (0 when the layer is not
     *     on the path from the loss to the pixels, as the per-instance classifier of attention models)
     * @param weightGrad multiply-adds of the gradient to the layer's weights (0 when not on that path)
     * @param firstLayer true for the layer that reads the pixels: its input gradient is needed when
     *     inverting but not when training
     */
    public record Layer(String name, long weights, long forward, long inputGrad, long weightGrad, boolean firstLayer) {
    }

    /**
     * The multiply-adds of one bag through the whole network.
     *
     * @param instances K, the bag size
     * @param layers the conv and linear layers in order
     */
    public record Counts(long instances, List<Layer> layers) {
        public Counts {
            layers = List.copyOf(layers);
        }

        /** Multiply-adds of the forward pass. */
        public long forwardMacs() {
            return layers.stream().mapToLong(Layer::forward).sum();
        }

        /** Multiply-adds of the backward pass to the pixels (every layer's input gradient). */
        public long inputGradMacs() {
            return layers.stream().mapToLong(Layer::inputGrad).sum();
        }

        /** Multiply-adds of the weight gradients. */
        public long weightGradMacs() {
            return layers.stream().mapToLong(Layer::weightGrad).sum();
        }

        /**
         * FLOPs of one inversion iteration: 2 x (forward + backward to the pixels) multiply-adds,
         * the weights frozen.
         */
        public double inversionFlops() {
            return 2.0 * (forwardMacs() + inputGradMacs());
        }

        /**
         * FLOPs of one training step: 2 x (forward + backward to every layer's input except the
         * first, whose input is data + weight gradients) multiply-adds.
         */
        public double trainingFlops() {
            long firstInputGrad = layers.stream().filter(Layer::firstLayer).mapToLong(Layer::inputGrad).sum();
            return 2.0 * (forwardMacs() + inputGradMacs() - firstInputGrad + weightGradMacs());
        }
    }

    /** The counts for one bag of {@code instances} instances through a model of the given architecture. */
    public static Counts of(ModelConfig config, long instances) {
        if (instances < 1) {
            throw new BadInputException("a bag has at least one instance, got " + instances);
        }
        EncoderKind e = config.encoder();
        List<Layer> layers = new ArrayList<>();
        long[] shape = config.instanceShape();
        long c = shape[0];
        long h = shape[1];
        long w = shape[2];
        // the image encoders of MilBlock: two (valid conv, 2x2 max pool) stages, then dense layers;
        // the feature encoder: one dense layer
        int[][] convs = e.isFeatures() ? new int[0][] : e == EncoderKind.LENET ? new int[][] {{20, 5}, {50, 5}}
                : new int[][] {{36, 4}, {48, 3}};
        int[] dense = e.isFeatures() ? new int[] {512} : e == EncoderKind.LENET ? new int[] {500} : new int[] {512, 512};
        for (int i = 0; i < convs.length; i++) {
            int filters = convs[i][0];
            int k = convs[i][1];
            long ho = h - k + 1;
            long wo = w - k + 1;
            long macs = instances * filters * ho * wo * c * k * k;
            layers.add(new Layer("conv" + (i + 1), (long) filters * c * k * k, macs, macs, macs, i == 0));
            c = filters;
            h = ho / 2;
            w = wo / 2;
        }
        long in = c * h * w;
        for (int i = 0; i < dense.length; i++) {
            long macs = instances * in * dense[i];
            layers.add(new Layer("fc" + (i + 1), in * dense[i], macs, macs, macs, convs.length == 0 && i == 0));
            in = dense[i];
        }
        long m = e.embedding();
        if (in != m) {
            throw new IllegalStateException("encoder " + e + " ends in " + in + " features, embedding is " + m);
        }
        if (config.kind().hasAttentionWeights()) {
            long l = config.attentionDim();
            long v = instances * m * l;
            layers.add(new Layer("attention_V", m * l, v, v, v, false));
            if (config.kind() == ModelKind.GATED_ATTENTION) {
                layers.add(new Layer("attention_U", m * l, v, v, v, false));
            }
            long a = instances * l;
            layers.add(new Layer("attention_w", l, a, a, a, false));
            if (config.kind() == ModelKind.ADDITIVE) {
                long[][] psi = {{m, l}, {l, l}, {l, 1}};
                for (String on : new String[] {"m_k", "h_k"}) {
                    boolean lossPath = on.equals("m_k");
                    for (int i = 0; i < psi.length; i++) {
                        long weights = psi[i][0] * psi[i][1];
                        long f = instances * weights;
                        layers.add(new Layer("psi" + (i + 1) + "(" + on + ")", weights, f, lossPath ? f : 0,
                                lossPath ? f : 0, false));
                    }
                }
            } else {
                // the classifier runs twice: on every h_k (the ALONE output, off the loss path) and on z
                layers.add(new Layer("classifier(h_k)", m, instances * m, 0, 0, false));
                layers.add(new Layer("classifier(z)", m, m, m, m, false));
            }
        } else {
            long s = instances * m;
            layers.add(new Layer("classifier", m, s, s, s, false));
        }
        return new Counts(instances, layers);
    }
}
