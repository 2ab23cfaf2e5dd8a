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
 *       instance logits, {@code [B, K]}</li>
 *   <li>{@link #ALONE} the bag logit each instance would get alone in a bag, H(h_k), {@code [B, K]}
 *       (for Inst models the instance logit)</li>
 *   <li>{@link #LOGIT} the bag logit {@code [B]}: H(z) for attention, max of instance logits for
 *       Inst+max, logit of the mean probability for Inst+mean</li>
 *   <li>{@link #EMBEDDINGS} instance embeddings h_k, {@code [B, K, M]}</li>
 * </ol>
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

    public MilBlock(ModelConfig config) {
        super(VERSION);
        this.config = config;
        this.encoder = addChildBlock("encoder", encoder(config));
        if (config.kind().isAttention()) {
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
        classifier = addChildBlock("classifier", Linear.builder().setUnits(1).build());
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
        long b = h.getShape().get(0);
        long k = h.getShape().get(1);
        NDArray alone = classifier.forward(ps, new NDList(h), training).singletonOrThrow().reshape(b, k);
        if (config.kind().isAttention()) {
            NDArray hidden = attentionV.forward(ps, new NDList(h), training).singletonOrThrow().tanh();
            if (attentionU != null) {
                hidden = hidden.mul(Activation.sigmoid(
                        attentionU.forward(ps, new NDList(h), training).singletonOrThrow()));
            }
            NDArray raw = attentionW.forward(ps, new NDList(hidden), training).singletonOrThrow().reshape(b, k);
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
        classifier.initialize(manager, dataType, emb);
    }
}
