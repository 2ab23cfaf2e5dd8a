package org.milkid.data;

import com.google.gson.JsonElement;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.milkid.model.MilModel;
import org.milkid.model.Provenance;
import org.milkid.train.TrainConfig;
import org.milkid.util.Json;

/**
 * A trained model's provenance, built in this one place: the data set it was trained on (a
 * {@link DatasetSpec} under {@link #DATA_KEY}, which later commands read back to find the same test
 * bags), its training settings and what the training run adds.
 */
public final class ModelProvenance {
    /** The provenance key under which the data set spec is stored. */
    public static final String DATA_KEY = "data";

    private ModelProvenance() {
    }

    /**
     * The provenance of a model trained on {@code spec}'s bags (of fingerprint {@code fingerprint})
     * with {@code train}: the data set, the training settings, then {@code more} in its order.
     */
    public static Provenance of(DatasetSpec spec, String fingerprint, TrainConfig train, Map<String, Object> more) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put(DATA_KEY, spec);
        c.put("train", train);
        c.putAll(more);
        return Provenance.of(spec.dataset(), fingerprint, train.seed(), c);
    }

    /**
     * The data set a model was trained on, from its provenance; {@code dataOverride} (may be null)
     * replaces its data folder.
     *
     * @param dir the model folder, named in the error when the model records no data set
     */
    public static DatasetSpec dataset(MilModel model, Path dir, Path dataOverride) throws IOException {
        Provenance p = model.provenance();
        Object raw = p == null || p.config() == null ? null : p.config().get(DATA_KEY);
        if (raw == null) {
            throw new IOException(dir + ": the model records no data set (train it with milkid train or demo)");
        }
        JsonElement tree = Json.gson().toJsonTree(raw);
        DatasetSpec s = Json.gson().fromJson(tree, DatasetSpec.class);
        return dataOverride == null ? s
                : new DatasetSpec(s.dataset(), s.mnist(), dataOverride, s.patchSize(), s.testFraction(), s.seed(),
                        s.skipEmpty(), s.features());
    }
}
