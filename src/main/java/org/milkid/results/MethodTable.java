package org.milkid.results;

import com.google.gson.JsonObject;
import java.util.List;

/**
 * What the results of a run and of an experiment share: the data set, the settings and where the
 * results came from, and the table of methods.
 *
 * @param dataset the data set's name (mnist-bags, colon, breast, features)
 * @param config the settings as the configs serialize themselves ({@link ResultsCodec#settings} reads them)
 * @param provenance the provenance as {@code org.milkid.model.Provenance} serializes itself
 * @param defaultKidMethod the name of milkid's default method when it ran, else null
 * @param bootstrap the bootstrap over bags that gave a single run its KID intervals, null when the
 *     intervals are over runs
 * @param methods every method's results, in table order
 */
public record MethodTable(String dataset, JsonObject config, JsonObject provenance, String defaultKidMethod,
        BagBootstrap bootstrap, List<MethodResults> methods) {

    /** The same table with other method results (in their order). */
    public MethodTable withMethods(List<MethodResults> others) {
        return new MethodTable(dataset, config, provenance, defaultKidMethod, bootstrap, others);
    }

    /** The results of the method of that name, or null when it did not run. */
    public MethodResults method(String name) {
        return methods.stream().filter(m -> m.name().equals(name)).findFirst().orElse(null);
    }
}
