package org.milkid.detect;

import java.util.ArrayList;
import java.util.List;
import org.milkid.bag.Bag;
import org.milkid.model.MilModel;
import org.milkid.model.Prediction;

/**
 * A detector that handles one bag at a time: the model's prediction on the bag as given is taken
 * once here, and the subclass turns it (and the bag) into a detection.
 */
abstract class PerBagDetector implements KeyInstanceDetector {
    private final String name;

    PerBagDetector(String name) {
        this.name = name;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final List<Detection> detect(MilModel model, List<Bag> bags) {
        List<Detection> out = new ArrayList<>(bags.size());
        for (Bag b : bags) {
            out.add(detect(model, b, model.predict(b)));
        }
        return out;
    }

    /** The detection of one bag, given the model's prediction {@code p} on it as given. */
    abstract Detection detect(MilModel model, Bag bag, Prediction p);
}
