package org.milkid.detect;

import java.util.List;
import org.milkid.bag.Bag;
import org.milkid.model.MilModel;

/**
 * Finds the key instances of bags with a trained model: one implementation per method
 * (attention as given, network inversion, sparse network inversion, and milkid's other scores).
 * Detectors never change the bag prediction.
 */
public interface KeyInstanceDetector {

    /** The method's name as in results.json, e.g. {@code Att+sparse}. */
    String name();

    /** Detects the key instances of every bag; the result has one detection per bag, in order. */
    List<Detection> detect(MilModel model, List<Bag> bags);
}
