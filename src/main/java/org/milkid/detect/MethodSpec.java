package org.milkid.detect;

import java.util.List;
import java.util.Objects;
import java.util.function.IntConsumer;
import java.util.function.UnaryOperator;
import org.milkid.bag.Bag;
import org.milkid.model.ModelKind;

/**
 * What a key-instance method is, in one entry of the registry {@link KidMethod}: its names, the model
 * it runs on, the instance score it reads, whether it is one of the paper's methods, its inversion
 * settings (if it inverts) and how its detector is made. Built with {@link #builder}.
 *
 * @param key the name in results.json, e.g. {@code Att+sparse}
 * @param cliName the name on the command line, e.g. {@code sparse}
 * @param paper true for the paper's methods (its reference rows)
 * @param model the kind of model the method runs on by default
 * @param anyModel true for a model-agnostic method, which runs on a model of any kind
 * @param score the instance score the method reads from the model (after inversion for the inversions)
 * @param inversion the method's inversion settings for a data set's defaults; null for the methods
 *     that do not invert
 * @param sweepsLambda true for the methods that sweep the sparseness coefficient lambda
 * @param needsTrainingBags true for the methods that learn from the model's training bags
 * @param detector makes the method's detector
 * @param description one line for the report and the progress messages
 */
public record MethodSpec(String key, String cliName, boolean paper, ModelKind model, boolean anyModel,
        ScoreKind score, Inversion inversion, boolean sweepsLambda, boolean needsTrainingBags,
        DetectorFactory detector, String description) {

    public MethodSpec {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(cliName, "cliName");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(score, "score");
        Objects.requireNonNull(detector, "detector");
        Objects.requireNonNull(description, "description");
        if (sweepsLambda && inversion == null) {
            throw new IllegalArgumentException(key + ": a method that sweeps lambda inverts");
        }
    }

    /** A method's inversion settings for a data set's defaults. */
    @FunctionalInterface
    public interface Inversion {
        InversionConfig of(InversionDefaults defaults);
    }

    /** Makes a method's detector. */
    @FunctionalInterface
    public interface DetectorFactory {
        /**
         * A detector for the method {@code spec}.
         *
         * @param inversion the inversion settings (null for the methods that do not invert)
         * @param progress hears inversion iterations; may be null
         * @param training the model's training bags (may be null unless the method needs them)
         */
        KeyInstanceDetector create(MethodSpec spec, InversionConfig inversion, IntConsumer progress,
                List<Bag> training);
    }

    /** The detector of the methods that read one of the model's instance scores, as given. */
    public static final DetectorFactory MODEL_SCORES = (s, inv, p, t) -> new AttentionDetector(s.key(), s.score());

    /** The detector of the inversions: invert the bag, then read the method's score. */
    public static final DetectorFactory INVERSION = (s, inv, p, t) -> new InversionDetector(s.key(), inv, s.score(), p);

    /** Whether the method runs on a model of {@code kind}. */
    public boolean accepts(ModelKind kind) {
        return anyModel || kind == model || (kind.isAttention() && model.isAttention());
    }

    /**
     * A builder of a method; unless told otherwise, it is milkid's (not the paper's), runs on
     * {@code model}'s kind, reads the attention score and does not invert.
     */
    public static Builder builder(String key, String cliName, ModelKind model, String description) {
        return new Builder(key, cliName, model, description);
    }

    /**
     * Builds a {@link MethodSpec}; the detector defaults to {@link #INVERSION} for an inversion, else
     * {@link #MODEL_SCORES}.
     */
    public static final class Builder {
        private final String key;
        private final String cliName;
        private final ModelKind model;
        private final String description;
        private boolean paper;
        private boolean anyModel;
        private ScoreKind score = ScoreKind.ATTENTION;
        private Inversion inversion;
        private boolean sweepsLambda;
        private boolean needsTrainingBags;
        private DetectorFactory detector;

        private Builder(String key, String cliName, ModelKind model, String description) {
            this.key = key;
            this.cliName = cliName;
            this.model = model;
            this.description = description;
        }

        /** One of the paper's methods. */
        public Builder paper() {
            paper = true;
            return this;
        }

        /** Model-agnostic: runs on a model of any kind. */
        public Builder anyModel() {
            anyModel = true;
            return this;
        }

        public Builder score(ScoreKind s) {
            score = s;
            return this;
        }

        /** Inverts the bag with these settings, one lambda (or none). */
        public Builder inversion(Inversion i) {
            inversion = i;
            return this;
        }

        /**
         * A sparse inversion that sweeps lambda: the paper's sparse settings for the data set (at its
         * first lambda), changed by {@code change}.
         */
        public Builder sparseInversion(UnaryOperator<InversionConfig> change) {
            inversion = d -> change.apply(InversionConfig.paperSparse(d, d.lambdas()[0]));
            sweepsLambda = true;
            return this;
        }

        /** Learns from the model's training bags. */
        public Builder needsTrainingBags() {
            needsTrainingBags = true;
            return this;
        }

        public Builder detector(DetectorFactory f) {
            detector = f;
            return this;
        }

        public MethodSpec build() {
            DetectorFactory d = detector != null ? detector : inversion != null ? INVERSION : MODEL_SCORES;
            return new MethodSpec(key, cliName, paper, model, anyModel, score, inversion, sweepsLambda,
                    needsTrainingBags, d, description);
        }
    }
}
