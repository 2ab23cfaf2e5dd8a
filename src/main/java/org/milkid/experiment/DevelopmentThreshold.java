package org.milkid.experiment;

import com.google.gson.JsonElement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.milkid.bag.Bag;
import org.milkid.detect.Detection;
import org.milkid.detect.InversionDefaults;
import org.milkid.detect.KidEvaluation;
import org.milkid.detect.KidMethod;
import org.milkid.eval.KidResult;
import org.milkid.eval.KidScores;
import org.milkid.model.MilModel;
import org.milkid.model.Provenance;
import org.milkid.util.Json;

/**
 * The KID threshold a trained model carries for its default method ({@link KidMethod#defaultFor}),
 * chosen at training time on its development bags (the validation part the trainer held out) from
 * {@link KidScores#FINE_THRESHOLDS} by the best F1 there. {@code detect} marks key instances at it,
 * never at a threshold chosen on the labels of the bags it scores. Stored in the model's
 * provenance under {@link #KEY}.
 *
 * @param method the method's key, e.g. {@code Att-alone}
 * @param threshold the chosen threshold
 * @param f1 the F1 at it on the development bags
 * @param positiveBags the truly positive development bags with instance labels it was chosen on
 * @param keyInstances their key instances
 */
public record DevelopmentThreshold(String method, double threshold, double f1, int positiveBags, int keyInstances) {
    /** The key in the model's provenance config. */
    public static final String KEY = "kidThreshold";

    /**
     * Chooses the threshold of {@code method} for {@code model} on {@code dev}; null when no development
     * bag is positive with instance labels, or when the method finds no key instance there at any
     * threshold (F1 0 everywhere, e.g. a model still at chance): nothing to choose on.
     */
    public static DevelopmentThreshold choose(KidMethod method, MilModel model, List<Bag> dev) {
        if (method.inversion(InversionDefaults.MNIST) != null) {
            throw new IllegalArgumentException(method.key() + " inverts: its threshold is chosen per lambda in experiments");
        }
        return chooseFrom(method.key(), method.detector(null, null).detect(model, dev));
    }

    /** {@link #choose} on a method's detections of the development bags. */
    static DevelopmentThreshold chooseFrom(String method, List<Detection> d) {
        KidResult r = KidEvaluation.evaluate(d, KidScores.FINE_THRESHOLDS);
        if (r == null || r.keyInstances() == 0 || !(r.best().f1() > 0)) {
            return null;
        }
        return new DevelopmentThreshold(method, r.best().threshold(), r.best().f1(), r.positiveBags(),
                r.keyInstances());
    }

    /** {@code p} with {@code t} stored in its config ({@code p} itself when {@code t} is null). */
    public static Provenance storedIn(Provenance p, DevelopmentThreshold t) {
        if (t == null) {
            return p;
        }
        Map<String, Object> config = new LinkedHashMap<>(p.config());
        config.put(KEY, t);
        return new Provenance(p.dataset(), p.dataFingerprint(), p.seed(), config, p.versions(), p.cpu(), p.created());
    }

    /** The threshold stored with a model, null when it has none (e.g. trained before milkid stored one). */
    public static DevelopmentThreshold of(Provenance p) {
        Object raw = p == null || p.config() == null ? null : p.config().get(KEY);
        if (raw == null) {
            return null;
        }
        JsonElement tree = Json.gson().toJsonTree(raw);
        return Json.gson().fromJson(tree, DevelopmentThreshold.class);
    }
}
