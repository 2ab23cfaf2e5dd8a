package org.milkid.experiment;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.milkid.detect.KidMethod;
import org.milkid.eval.KidResult;
import org.milkid.eval.KidScores;
import org.milkid.util.Json;

/**
 * The checkpoint of one (repeat, fold) run: the figures of every method (not the detections) and
 * how training went, written to {@code OUT/runs/r{i}-f{j}.json} so that {@code --resume} can skip
 * the run and results.json can be rebuilt from the checkpoints alone.
 *
 * @param repeat the repeat, from 0
 * @param fold the fold, from 0
 * @param seed the fold's seed (training: validation split, bag order, weights)
 * @param trainBags the bags the models were trained on (validation part included)
 * @param testBags the bags they were tested on
 * @param devBags the development bags milkid's methods chose their settings on (0: none)
 * @param training how each model's training went
 * @param methods every method's figures
 * @param seconds the wall time of the run, with the time its models' trainings took in earlier
 *     invocations that were interrupted (--resume)
 */
public record FoldResult(int repeat, int fold, long seed, int trainBags, int testBags, int devBags,
        List<Training> training, List<Figures> methods, double seconds) {

    /** The format number of a checkpoint; newer ones are refused. */
    public static final int FORMAT = 1;

    /** Where {@code selection} says the paper's way: lambda and threshold that are best on the test bags. */
    public static final String ON_TEST = "test";
    /** Where {@code selection} says lambda and threshold were chosen on the development bags. */
    public static final String ON_DEVELOPMENT = "development";

    /**
     * How one model's training went.
     *
     * @param model the model kind's label (Att, Inst+max, Inst+mean)
     * @param epochsRun the epochs run
     * @param bestEpoch the epoch whose weights were kept (lowest validation loss)
     * @param bestValidationLoss its validation loss
     * @param msPerStep the median time of one training step
     * @param leftChance false when the model never did better than chance
     * @param seconds the wall time of the training (restarts included)
     * @param restarts how many times training restarted from fresh weights because the model was
     *     still at chance ({@link org.milkid.train.TrainResult#restarts()}; 0 in checkpoints older than restarts)
     * @param abandonedEpochs the epochs the abandoned attempts ran
     */
    public record Training(String model, int epochsRun, int bestEpoch, double bestValidationLoss, double msPerStep,
            boolean leftChance, double seconds, int restarts, int abandonedEpochs) {
    }

    /**
     * One method's figures in one run.
     *
     * @param method the method's key ({@link KidMethod#key()})
     * @param bagAccuracy bag accuracy on the test bags
     * @param bagAuc bag AUC on the test bags
     * @param kid KID scores on the test bags at the chosen lambda, every threshold (null without instance labels)
     * @param lambda the lambda used on the test bags (NaN for methods that do not sweep)
     * @param perLambda the KID scores of every lambda tried on the test bags (sweeping methods)
     * @param seconds the wall time of the method on the test bags
     * @param selection {@link #ON_TEST} or {@link #ON_DEVELOPMENT}
     * @param devThreshold the threshold chosen on the development bags (NaN when chosen on test)
     * @param devF1 the F1 on the development bags at the chosen lambda and threshold (NaN when chosen on test)
     */
    public record Figures(String method, double bagAccuracy, double bagAuc, KidResult kid, double lambda,
            List<LambdaScores> perLambda, double seconds, String selection, double devThreshold, double devF1) {

        /** The figures of an outcome whose lambda and threshold are chosen on the test bags. */
        public static Figures onTest(MethodOutcome o) {
            return new Figures(o.method().key(), o.bagAccuracy(), o.bagAuc(), o.kid(), o.lambda(), perLambda(o),
                    o.seconds(), ON_TEST, Double.NaN, Double.NaN);
        }

        /** The figures of an outcome whose lambda and threshold were chosen on development bags. */
        public static Figures onDevelopment(MethodOutcome test, double threshold, double devF1) {
            return new Figures(test.method().key(), test.bagAccuracy(), test.bagAuc(), test.kid(), test.lambda(),
                    perLambda(test), test.seconds(), ON_DEVELOPMENT, threshold, devF1);
        }

        private static List<LambdaScores> perLambda(MethodOutcome o) {
            return o.perLambda().entrySet().stream().map(e -> new LambdaScores(e.getKey(), e.getValue())).toList();
        }

        public KidMethod kidMethod() {
            return KidMethod.parse(method);
        }

        /** These figures without the per-lambda scores: the run's own KID scores, at its own lambda. */
        public Figures withoutLambdas() {
            return new Figures(method, bagAccuracy, bagAuc, kid, lambda, List.of(), seconds, selection, devThreshold,
                    devF1);
        }

        /** True when lambda and threshold were chosen on the development bags. */
        public boolean onDevelopment() {
            return ON_DEVELOPMENT.equals(selection);
        }

        /**
         * The test scores at the threshold this run settles on: the development choice, or else the
         * test bags' best (null without KID scores).
         */
        public KidScores.Prf chosen() {
            if (kid == null) {
                return null;
            }
            if (!onDevelopment()) {
                return kid.best();
            }
            for (KidScores.Prf p : kid.perThreshold()) {
                if (Math.abs(p.threshold() - devThreshold) < 1e-9) {
                    return p;
                }
            }
            throw new IllegalStateException(method + ": no test score at the chosen threshold " + devThreshold);
        }
    }

    /**
     * KID scores under one lambda.
     *
     * @param lambda the sparseness coefficient
     * @param kid the scores (null without instance labels)
     */
    public record LambdaScores(float lambda, KidResult kid) {
    }

    /** The checkpoint file of a run: {@code out/runs/r{repeat}-f{fold}.json}. */
    public static Path file(Path out, int repeat, int fold) {
        return out.resolve("runs").resolve("r" + repeat + "-f" + fold + ".json");
    }

    /** Writes the checkpoint, whole or not at all. */
    public void write(Path out) throws IOException {
        Json.write(file(out, repeat, fold), toJson());
    }

    /** The checkpoint as a JSON tree, with its format number: what {@link #write} writes. */
    public JsonObject toJson() {
        JsonObject tree = Json.gson().toJsonTree(this).getAsJsonObject();
        tree.addProperty("format", FORMAT);
        return tree;
    }

    /** Reads a checkpoint; a damaged file is an IOException naming it. */
    public static FoldResult read(Path file) throws IOException {
        return fromJson(Json.readFormatted(file, FORMAT, "run checkpoint"), file.toString());
    }

    /**
     * A checkpoint from its JSON tree ({@link #toJson}); a damaged one is an IOException naming
     * {@code source} (a file, or where the tree came from).
     */
    public static FoldResult fromJson(JsonElement tree, String source) throws IOException {
        JsonElement f = tree != null && tree.isJsonObject() ? tree.getAsJsonObject().get("format") : null;
        if (f == null || !f.isJsonPrimitive() || !f.getAsJsonPrimitive().isNumber() || f.getAsInt() < 1) {
            throw new IOException(source + ": not a run checkpoint (no format number)");
        }
        if (f.getAsInt() > FORMAT) {
            throw new IOException(source + ": run checkpoint of format " + f.getAsInt() + ", written by a newer milkid"
                    + " (this one reads format " + FORMAT + ")");
        }
        FoldResult r;
        try {
            r = Json.gson().fromJson(tree, FoldResult.class);
        } catch (RuntimeException e) {
            throw new IOException(source + ": not a run checkpoint (" + e.getMessage() + ")", e);
        }
        if (r == null || r.methods() == null || r.training() == null) {
            throw new IOException(source + ": not a run checkpoint");
        }
        return r;
    }

    /** Whether the checkpoint of a run exists. */
    public static boolean exists(Path out, int repeat, int fold) {
        return Files.isRegularFile(file(out, repeat, fold));
    }
}
