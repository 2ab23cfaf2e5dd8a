package org.milkid.detect;

import java.util.List;
import java.util.Locale;
import java.util.function.IntConsumer;
import org.milkid.bag.Bag;
import org.milkid.model.ModelKind;
import org.milkid.util.BadInputException;

/**
 * Every key-instance method milkid offers, with its name in results.json and on the command line.
 * The paper's methods ({@link #isPaper()}) keep the paper's exact settings; the others are
 * milkid's additions, studied against them (see the README, "Does sparse inversion work?").
 *
 * <p>The registry of methods: each entry is one {@link MethodSpec} (names, model kind, score,
 * inversion, detector), so a new method is one entry here and nothing else.
 */
public enum KidMethod {
    /** Att: min-max normalised attention weights of the bag as given (eq. 4). */
    ATT(MethodSpec.builder("Att", "attention", ModelKind.ATTENTION,
            "min-max normalised softmax attention of the bag as given (eq. 4)").paper()),
    /** Att+inv: plain network inversion, SGD lr 1e-3 momentum 0.9, 1000 iterations, then attention. */
    ATT_INV(MethodSpec.builder("Att+inv", "inversion", ModelKind.ATTENTION,
            "network inversion (SGD, lr 1e-3, momentum 0.9; the paper: 1000 iterations), then attention").paper()
            .inversion(d -> InversionConfig.paperInversion())),
    /** Att+sparse: sparse network inversion, eq. 9 with threshold lambda, then attention. */
    ATT_SPARSE(MethodSpec.builder("Att+sparse", "sparse", ModelKind.ATTENTION,
            "sparse network inversion (proximal step of eq. 9, threshold lambda), then attention").paper()
            .sparseInversion(c -> c)),
    /** Inst+max: min-max normalised instance probabilities of the Inst+max model. */
    INST_MAX(MethodSpec.builder("Inst+max", "inst-max", ModelKind.INST_MAX, "instance scores of the Inst+max model")
            .paper()),
    /** Inst+mean: min-max normalised instance probabilities of the Inst+mean model. */
    INST_MEAN(MethodSpec.builder("Inst+mean", "inst-mean", ModelKind.INST_MEAN,
            "instance scores of the Inst+mean model").paper()),
    /** Sparse inversion with the textbook ISTA threshold eta*lambda. */
    ATT_SPARSE_TEXTBOOK(MethodSpec.builder("Att+sparse-textbook", "sparse-textbook", ModelKind.ATTENTION,
            "sparse inversion with the textbook threshold eta*lambda, then attention")
            .sparseInversion(c -> c.withThreshold(ThresholdForm.TEXTBOOK))),
    /** Sparse inversion accelerated by FISTA (the paper's reference [17]). */
    ATT_SPARSE_FISTA(MethodSpec.builder("Att+sparse-fista", "fista", ModelKind.ATTENTION,
            "sparse inversion by FISTA (threshold lambda), then attention")
            .sparseInversion(c -> c.withRule(UpdateRule.FISTA))),
    /**
     * Sparse inversion of the bag logit (no saturation) with per-bag normalised gradient steps,
     * scored by attention logits: inversion followed by a non-softmax score.
     */
    ATT_SPARSE_LOGIT(MethodSpec.builder("Att+sparse-logit", "sparse-logit", ModelKind.ATTENTION,
            "sparse inversion of the bag logit with normalised steps, then attention logits")
            .sparseInversion(c -> c.withObjective(Objective.LOGIT).withNormalizedGradient(true)
                    .withLearningRate(KidMethod.LOGIT_STEP))
            .score(ScoreKind.LOGITS)),
    /** Attention logits before the softmax. */
    ATT_LOGITS(MethodSpec.builder("Att-logits", "logits", ModelKind.ATTENTION, "attention logits (before the softmax)")
            .score(ScoreKind.LOGITS)),
    /** Each instance scored alone by the bag classifier: the logit of a one-instance bag, H(h_k). */
    ATT_ALONE(MethodSpec.builder("Att-alone", "alone", ModelKind.ATTENTION,
            "each instance scored alone by the bag classifier, H(h_k)").score(ScoreKind.ALONE)),
    /** Leave-one-instance-out occlusion: the drop of the bag logit without the instance. */
    ATT_OCCLUSION(MethodSpec.builder("Att-occlusion", "occlusion", ModelKind.ATTENTION,
            "drop of the bag logit when the instance is left out")
            .detector((s, inv, p, t) -> new OcclusionDetector(s.key()))),
    /** Gradient times input of the bag logit, summed per instance. */
    ATT_GRAD_X_INPUT(MethodSpec.builder("Att-gradxinput", "grad-x-input", ModelKind.ATTENTION,
            "gradient of the bag logit times the input, summed per instance")
            .detector((s, inv, p, t) -> new GradientInputDetector(s.key()))),
    /**
     * Self-training on clean negatives: an instance classifier on the frozen embeddings, fitted on the
     * training bags' instances (negative bags: all negative; positive bags: the current scorer's keys)
     * and re-labelling for a few rounds ({@link SelfTrainingDetector}).
     */
    ATT_SELFTRAIN(MethodSpec.builder("Att-selftrain", "selftrain", ModelKind.ATTENTION,
            "instance classifier self-trained on the frozen embeddings with clean negatives").needsTrainingBags()
            .detector((s, inv, p, t) -> new SelfTrainingDetector(s.key(), t))),
    /**
     * The contributions c_k of an Additive MIL model (Javed et al. 2022), min-max normalised: exact
     * shares of the bag logit, which they sum to (see {@link org.milkid.model.MilBlock}).
     */
    ADDITIVE(MethodSpec.builder("Additive", "additive", ModelKind.ADDITIVE,
            "per-instance contributions of the Additive MIL model (Javed et al. 2022), which sum to the bag logit")
            .score(ScoreKind.CONTRIBUTIONS)),
    /**
     * MILLI (Early, Evers and Ramchurn, ICLR 2022): attributions of a weighted linear surrogate of the bag
     * probability over sampled subsets of the bag, with the authors' MNIST settings but a budget that grows
     * with the bag, at least 150 coalitions and 10 per instance ({@link MilliConfig#DEFAULT}, chosen on
     * development bags; the authors' fixed 150 is {@link MilliConfig#MNIST}). Model-agnostic: runs on the
     * attention model by default, and on a model of any kind ({@link #accepts}).
     */
    MILLI(MethodSpec.builder("MILLI", "milli", ModelKind.ATTENTION,
            "MILLI: weighted linear surrogate of the bag probability over sampled subsets of the bag"
            + " (max(150, min(10 n, 1000)) paired coalitions for a bag of n instances, alpha 0.05, beta 0.01)")
            .anyModel().detector((s, inv, p, t) -> new MilliDetector(s.key(), MilliConfig.DEFAULT,
                    MilliDetector.DEFAULT_SEED)));

    /** milkid's default for KID, chosen on a development split (see the README's KID study). */
    public static final KidMethod DEFAULT = ATT_ALONE;

    /**
     * The step of {@link #ATT_SPARSE_LOGIT}: with normalised gradients, eta is the root-mean-square
     * pixel change per iteration before the threshold.
     */
    public static final float LOGIT_STEP = 1e-2f;

    private final MethodSpec spec;

    KidMethod(MethodSpec.Builder spec) {
        this.spec = spec.build();
    }

    /** Everything the method is. */
    public MethodSpec spec() {
        return spec;
    }

    /** The name in results.json, e.g. {@code Att+sparse}. */
    public String key() {
        return spec.key();
    }

    /** The name on the command line, e.g. {@code sparse}. */
    public String cliName() {
        return spec.cliName();
    }

    /** True for the paper's methods (its reference rows). */
    public boolean isPaper() {
        return spec.paper();
    }

    /** The kind of model the method runs on by default (experiments train it, the demo picks it). */
    public ModelKind model() {
        return spec.model();
    }

    /**
     * Whether the method runs on a model of kind {@code kind}: its own kind, any attention kind for an
     * attention method, and every kind for the model-agnostic {@link #MILLI}.
     */
    public boolean accepts(ModelKind kind) {
        return spec.accepts(kind);
    }

    /**
     * Refuses a model of a kind this method does not {@link #accepts}: "{@code name} needs an attention
     * model, but {@code where} holds an additive model".
     *
     * @param name how the user named the method (an option, or the method's key)
     * @param where what holds the model (a folder, or "the model")
     */
    public void requireAccepts(ModelKind kind, String name, String where) {
        if (!accepts(kind)) {
            throw new BadInputException(name + " needs " + withArticle(model().cliName()) + " model, but " + where
                    + " holds " + withArticle(kind.cliName()) + " model");
        }
    }

    private static String withArticle(String word) {
        return ("aeiou".indexOf(word.charAt(0)) >= 0 ? "an " : "a ") + word;
    }

    public String description() {
        return spec.description();
    }

    /** True for the methods that sweep the sparseness coefficient lambda. */
    public boolean sweepsLambda() {
        return spec.sweepsLambda();
    }

    /** The inversion settings of an inversion method for a data set (null for the others). */
    public InversionConfig inversion(InversionDefaults d) {
        return spec.inversion() == null ? null : spec.inversion().of(d);
    }

    /** The instance score a method reads from the model (after inversion for the inversions). */
    public ScoreKind scoreKind() {
        return spec.score();
    }

    /**
     * A detector for this method.
     *
     * @param inversion the inversion settings to use (e.g. {@link #inversion} with a chosen lambda),
     *     ignored by the methods that do not invert
     * @param progress hears inversion iterations; may be null
     */
    public KeyInstanceDetector detector(InversionConfig inversion, IntConsumer progress) {
        return detector(inversion, progress, null);
    }

    /** True for the methods that learn from the model's training bags ({@link #ATT_SELFTRAIN}). */
    public boolean needsTrainingBags() {
        return spec.needsTrainingBags();
    }

    /**
     * A detector for this method.
     *
     * @param inversion the inversion settings (ignored by the methods that do not invert)
     * @param progress hears inversion iterations; may be null
     * @param training the model's training bags, for the methods that {@link #needsTrainingBags()}
     *     (ignored by the others; may be null for them)
     */
    public KeyInstanceDetector detector(InversionConfig inversion, IntConsumer progress, List<Bag> training) {
        return spec.detector().create(spec, inversion, progress, training);
    }

    /** A detector for this method with the data set's paper settings (e.g. {@link InversionDefaults#MNIST}). */
    public KeyInstanceDetector detector(InversionDefaults d) {
        return detector(inversion(d), null);
    }

    /**
     * The method a model of {@code kind} is explained with unless told otherwise: {@link #DEFAULT}
     * for the attention models, else the first method that reads the kind's own instance scores.
     */
    public static KidMethod defaultFor(ModelKind kind) {
        if (kind.isAttention()) {
            return DEFAULT;
        }
        for (KidMethod m : values()) {
            if (m.model() == kind && m.spec.inversion() == null) {
                return m;
            }
        }
        throw new IllegalStateException("no KID method for " + kind);
    }

    /** Parses a command-line name or a results key; the error lists the valid names. */
    public static KidMethod parse(String s) {
        String t = s.trim();
        for (KidMethod m : values()) {
            if (m.cliName().equals(t.toLowerCase(Locale.ROOT)) || m.key().equals(t)) {
                return m;
            }
        }
        StringBuilder valid = new StringBuilder();
        for (KidMethod m : values()) {
            valid.append(valid.length() == 0 ? "" : ", ").append(m.cliName());
        }
        throw new BadInputException("unknown method '" + s + "' (valid: " + valid + ")");
    }
}
