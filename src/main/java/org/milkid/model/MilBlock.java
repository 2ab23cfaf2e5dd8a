package org.milkid.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.milkid.util.BadInputException;

/**
 * The whole MIL network as one DJL block: encoder, pooling and bag classifier.
 *
 * <p>Input: {@code [B, K, C, H, W]}, B bags of K instances each, pixels in [0,1] (the
 * normalisation is the block's first step). Output, in this order:
 * <ol>
 *   <li>{@link #PROB} bag probability P, {@code [B]} (eq. 3)</li>
 *   <li>{@link #WEIGHTS} per-instance scores {@code [B, K]}: attention weights a_k (eq. 1), or
 *       the instance probabilities of Inst+max / Inst+mean</li>
 *   <li>{@link #RAW} the same before the softmax / sigmoid: attention logits w^T tanh(V h_k), or
 *       instance logits, {@code [B, K]}; for Additive the contributions c_k</li>
 *   <li>{@link #ALONE} the bag logit each instance would get alone in a bag, H(h_k), {@code [B, K]}
 *       (for Inst models the instance logit)</li>
 *   <li>{@link #LOGIT} the bag logit {@code [B]}: H(z) for attention, max of instance logits for
 *       Inst+max, logit of the mean probability for Inst+mean, sum of the contributions for Additive</li>
 *   <li>{@link #EMBEDDINGS} instance embeddings h_k, {@code [B, K, M]}</li>
 * </ol>
 *
 * <p><b>Additive MIL.</b> {@link ModelKind#ADDITIVE} is Additive MIL (Javed et al., "Additive MIL: intrinsically
 * interpretable multiple instance learning for pathology", NeurIPS 2022): attention weights a_k
 * as Att's (the paper's network w^T tanh(V h_k) and a softmax over the bag; Javed et al.'s own
 * attention is an MLP with batch norm, milkid keeps the paper's so that a_k compare with Att's),
 * scaled embeddings m_k = a_k h_k, an instance classifier psi, and the bag logit as a sum of
 * per-instance contributions:
 * <pre>
 *   c_k = psi(a_k h_k) - psi(0) + b / K,     bag logit = sum_k c_k,     P = sigmoid(bag logit)
 * </pre>
 * The contributions are exact key-instance scores: they add up to the bag logit.
 * <ul>
 *   <li><b>psi</b> is an MLP M -> L -> L -> 1 with a ReLU after each hidden layer, L =
 *       {@link ModelConfig#attentionDim()} (128). Javed et al.'s code (the {@code AdditiveClassifier}
 *       of their supplement, as reused by later work) builds psi as an MLP with two hidden ReLU layers
 *       (widths such as 512 and 256, or 256 and 256, on 1024-D features) with dropout 0.25; milkid keeps
 *       the two hidden layers, scales their width to its 500- and 512-D embeddings, and leaves out the
 *       dropout (the paper's attention models have none after the encoder either).</li>
 *   <li><b>Bias and bag size.</b> psi's hidden layers have biases, as Javed et al.'s, so psi(0) is not
 *       0. Summed over K instances whose attention is about 1/K, an uncentred psi would add about
 *       K psi(0) to the bag logit: it would grow with the bag size, and a slide of 50,000 tiles would be
 *       scored on another scale than the training bags of 100. milkid therefore centres psi:
 *       an instance contributes psi(a_k h_k) - psi(0), so one with no attention contributes nothing,
 *       and K copies of one instance give K (psi(h/K) - psi(0)), which stays finite as K grows.
 *       psi's last layer has no bias (it would cancel); one bag-level bias b (the {@code bag_bias}
 *       parameter, 0 at the start) takes its place, shared equally among the instances (b / K each)
 *       so that the contributions sum to the bag logit exactly; the share shifts every contribution of a
 *       bag alike, so min-max normalised scores do not see it.</li>
 * </ul>
 * Its outputs: {@link #WEIGHTS} the attention weights a_k, {@link #RAW} the contributions c_k,
 * {@link #ALONE} the bag logit of a one-instance bag (a = 1), psi(h_k) - psi(0) + b, {@link #LOGIT}
 * sum_k c_k.
 */
public final class MilBlock extends AbstractBlock {
    public static final int PROB = 0;
    public static final int WEIGHTS = 1;
    public static final int RAW = 2;
    public static final int ALONE = 3;
    public static final int LOGIT = 4;
    public static final int EMBEDDINGS = 5;
    private static final byte VERSION = 1;

    private final ModelConfig config;
    private final Block encoder;
    private final Block attentionV;
    private final Block attentionU;
    private final Block attentionW;
    private final Block classifier;
    private final Block psi;
    private final Parameter bagBias;

    public MilBlock(ModelConfig config) {
        super(VERSION);
        this.config = config;
        this.encoder = addChildBlock("encoder", encoder(config));
        if (config.kind().hasAttentionWeights()) {
            attentionV = addChildBlock("attention_V", Linear.builder().setUnits(config.attentionDim()).build());
            attentionU = config.kind() == ModelKind.GATED_ATTENTION
                    ? addChildBlock("attention_U", Linear.builder().setUnits(config.attentionDim()).build())
                    : null;
            attentionW = addChildBlock("attention_w", Linear.builder().setUnits(1).build());
        } else {
            attentionV = null;
            attentionU = null;
            attentionW = null;
        }
        if (config.kind() == ModelKind.ADDITIVE) {
            classifier = null;
            psi = addChildBlock("psi", new SequentialBlock()
                    .add(Linear.builder().setUnits(config.attentionDim()).build())
                    .add(Activation.reluBlock())
                    .add(Linear.builder().setUnits(config.attentionDim()).build())
                    .add(Activation.reluBlock())
                    .add(Linear.builder().setUnits(1).optBias(false).build()));
            // its shape is set in prepare, as a layer's, so that a copy can take another array
            bagBias = addParameter(Parameter.builder().setName("bag_bias").setType(Parameter.Type.BIAS).build());
        } else {
            classifier = addChildBlock("classifier", Linear.builder().setUnits(1).build());
            psi = null;
            bagBias = null;
        }
    }

    public ModelConfig config() {
        return config;
    }

    private static Block encoder(ModelConfig c) {
        EncoderKind e = c.encoder();
        SequentialBlock b = new SequentialBlock();
        if (e.isFeatures()) {
            return b.add(Blocks.batchFlattenBlock())
                    .add(Linear.builder().setUnits(e.embedding()).build())
                    .add(Activation.reluBlock())
                    .add(Dropout.builder().optRate(c.dropout()).build());
        }
        float mean = e.mean();
        float std = e.std();
        b.add(x -> new NDList(channelsLast(x.singletonOrThrow().sub(mean).div(std))));
        // max pooling before the ReLU: the same values and gradients as ReLU then pooling
        // (both are monotone), with a quarter of the ReLU work
        if (e == EncoderKind.LENET) {
            b.add(Conv2d.builder().setKernelShape(new Shape(5, 5)).setFilters(20).build())
                    .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                    .add(Activation.reluBlock())
                    .add(Conv2d.builder().setKernelShape(new Shape(5, 5)).setFilters(50).build())
                    .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                    .add(Activation.reluBlock())
                    .add(Blocks.batchFlattenBlock())
                    .add(Linear.builder().setUnits(500).build())
                    .add(Activation.reluBlock());
        } else {
            b.add(Conv2d.builder().setKernelShape(new Shape(4, 4)).setFilters(36).build())
                    .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                    .add(Activation.reluBlock())
                    .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(48).build())
                    .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                    .add(Activation.reluBlock())
                    .add(Blocks.batchFlattenBlock())
                    .add(Linear.builder().setUnits(512).build())
                    .add(Activation.reluBlock())
                    .add(Dropout.builder().optRate(c.dropout()).build())
                    .add(Linear.builder().setUnits(512).build())
                    .add(Activation.reluBlock())
                    .add(Dropout.builder().optRate(c.dropout()).build());
        }
        return b;
    }

    /**
     * The same {@code [N, C, H, W]} array stored channels-last (NHWC in memory): libtorch then runs
     * the convolutions and poolings of the encoder in oneDNN's NHWC kernels, which are much faster
     * here than the NCHW ones, above all the gradient of the first convolution with respect to the
     * pixels. A view when C = 1, one copy otherwise; values and gradients are unchanged.
     */
    public static NDArray channelsLast(NDArray x) {
        Shape s = x.getShape();
        return x.transpose(0, 2, 3, 1).reshape(s.get(0), -1).reshape(s.get(0), s.get(2), s.get(3), s.get(1))
                .transpose(0, 3, 1, 2);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape s = x.getShape();
        if (s.dimension() != 5) {
            throw new BadInputException("MIL input must be [B, K, C, H, W], got " + s);
        }
        long b = s.get(0);
        long k = s.get(1);
        NDArray flat = x.reshape(b * k, s.get(2), s.get(3), s.get(4));
        NDArray h = encoder.forward(ps, new NDList(flat), training, params).singletonOrThrow()
                .reshape(b, k, -1);
        return pool(ps, h, training);
    }

    /**
     * Pools given instance embeddings {@code h [B, K, M]} into the outputs listed in the class
     * comment; lets detectors re-pool embeddings without running the encoder again.
     */
    public NDList pool(ParameterStore ps, NDArray h, boolean training) {
        if (config.kind() == ModelKind.ADDITIVE) {
            return additive(ps, h, training);
        }
        long b = h.getShape().get(0);
        long k = h.getShape().get(1);
        NDArray alone = classifier.forward(ps, new NDList(h), training).singletonOrThrow().reshape(b, k);
        if (config.kind().isAttention()) {
            NDArray raw = attentionLogits(ps, h, training);
            NDArray a = raw.softmax(1);
            NDArray z = a.reshape(b, 1, k).batchMatMul(h).reshape(b, -1);
            NDArray logit = classifier.forward(ps, new NDList(z), training).singletonOrThrow().reshape(b);
            NDArray prob = Activation.sigmoid(logit);
            return new NDList(prob, a, raw, alone, logit, h);
        }
        NDArray instProb = Activation.sigmoid(alone);
        NDArray logit;
        NDArray prob;
        if (config.kind() == ModelKind.INST_MAX) {
            logit = alone.max(new int[] {1});
            prob = Activation.sigmoid(logit);
        } else {
            prob = instProb.mean(new int[] {1});
            NDArray p = prob.clip(1e-7f, 1f - 1e-7f);
            logit = p.log().sub(p.neg().add(1f).log());
        }
        return new NDList(prob, instProb, alone, alone, logit, h);
    }

    /** The attention logits w^T tanh(V h_k) (gated: times sigmoid(U h_k)), {@code [B, K]}. */
    private NDArray attentionLogits(ParameterStore ps, NDArray h, boolean training) {
        NDArray hidden = attentionV.forward(ps, new NDList(h), training).singletonOrThrow().tanh();
        if (attentionU != null) {
            hidden = hidden.mul(Activation.sigmoid(attentionU.forward(ps, new NDList(h), training).singletonOrThrow()));
        }
        return attentionW.forward(ps, new NDList(hidden), training).singletonOrThrow()
                .reshape(h.getShape().get(0), h.getShape().get(1));
    }

    /** Additive MIL's pooling (see the class comment): c_k = psi(a_k h_k) - psi(0) + b / K, summed. */
    private NDList additive(ParameterStore ps, NDArray h, boolean training) {
        long b = h.getShape().get(0);
        long k = h.getShape().get(1);
        NDArray a = attentionLogits(ps, h, training).softmax(1);
        NDArray psi0 = psi.forward(ps, new NDList(h.getManager().zeros(new Shape(1, h.getShape().get(2)),
                h.getDataType())), training).singletonOrThrow().reshape(1, 1);
        NDArray bias = ps.getValue(bagBias, h.getDevice(), training).reshape(1, 1);
        NDArray m = h.mul(a.reshape(b, k, 1));
        NDArray contributions = psi.forward(ps, new NDList(m), training).singletonOrThrow().reshape(b, k).sub(psi0)
                .add(bias.div(k));
        NDArray alone = psi.forward(ps, new NDList(h), training).singletonOrThrow().reshape(b, k).sub(psi0).add(bias);
        NDArray logit = contributions.sum(new int[] {1});
        return new NDList(Activation.sigmoid(logit), a, contributions, alone, logit, h);
    }

    /** Runs the encoder alone: {@code [B, K, C, H, W]} to embeddings {@code [B, K, M]}. */
    public NDArray embed(ParameterStore ps, NDArray x, boolean training) {
        Shape s = x.getShape();
        NDArray flat = x.reshape(s.get(0) * s.get(1), s.get(2), s.get(3), s.get(4));
        return encoder.forward(ps, new NDList(flat), training).singletonOrThrow().reshape(s.get(0), s.get(1), -1);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        long b = s.get(0);
        long k = s.get(1);
        Shape bk = new Shape(b, k);
        return new Shape[] {new Shape(b), bk, bk, bk, new Shape(b), new Shape(b, k, config.encoder().embedding())};
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        if (bagBias != null) {
            bagBias.setShape(new Shape(1));
        }
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape s = inputShapes[0];
        encoder.initialize(manager, dataType, new Shape(s.get(0) * s.get(1), s.get(2), s.get(3), s.get(4)));
        Shape emb = new Shape(s.get(0), s.get(1), config.encoder().embedding());
        if (attentionV != null) {
            attentionV.initialize(manager, dataType, emb);
            if (attentionU != null) {
                attentionU.initialize(manager, dataType, emb);
            }
            attentionW.initialize(manager, dataType, new Shape(s.get(0), s.get(1), config.attentionDim()));
        }
        if (psi != null) {
            psi.initialize(manager, dataType, emb);
        } else {
            classifier.initialize(manager, dataType, emb);
        }
    }
}
