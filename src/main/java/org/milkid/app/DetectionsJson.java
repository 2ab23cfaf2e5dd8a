package org.milkid.app;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;
import org.milkid.bag.Bag;
import org.milkid.detect.Detection;
import org.milkid.util.BadInputException;

/**
 * The detections of a group of bags as JSON, as a {@link DetectPlan} task returns them to the driver:
 * per bag its index, its id (which the driver checks against its own bag) and one detection per
 * list of {@link org.milkid.experiment.MethodRunner#detect} (per lambda of a sweep). The float
 * arrays travel as base64 of their IEEE bits (little-endian), so that the driver gets every bit.
 *
 * <pre>{"bags": [{"index": 3, "id": "bag-3", "detections": [
 *     {"probability": 0.93, "before": B64, "after": B64, "refined": B64, "aopcR": 0.12}, ...]}, ...]}</pre>
 * {@code refined} is left out when the bag was not inverted or the plan does not ship it, {@code aopcR}
 * when it was not measured (NaN).
 */
final class DetectionsJson {
    private DetectionsJson() {
    }

    /**
     * The JSON of the detections of the bags {@code indexes}.
     *
     * @param found per list (lambda), one detection per bag of the group, in the order of {@code indexes}
     * @param refined whether the inverted pixels go too
     */
    static String encode(int[] indexes, List<List<Detection>> found, boolean refined) {
        JsonArray bags = new JsonArray();
        for (int i = 0; i < indexes.length; i++) {
            JsonObject b = new JsonObject();
            b.addProperty("index", indexes[i]);
            b.addProperty("id", found.get(0).get(i).bag().id());
            JsonArray ds = new JsonArray();
            for (List<Detection> list : found) {
                Detection d = list.get(i);
                JsonObject o = new JsonObject();
                o.addProperty("probability", d.probability());
                o.addProperty("before", floats(d.before()));
                o.addProperty("after", floats(d.after()));
                if (refined && d.refined() != null) {
                    o.addProperty("refined", floats(d.refined()));
                }
                if (!Double.isNaN(d.aopcR())) {
                    o.addProperty("aopcR", d.aopcR());
                }
                ds.add(o);
            }
            b.add("detections", ds);
            bags.add(b);
        }
        JsonObject root = new JsonObject();
        root.add("bags", bags);
        return root.toString();
    }

    /**
     * Puts the detections of one group's JSON into {@code into[list][bag index]}, each made on the
     * driver's bag of that index.
     *
     * @param bags the driver's bags, by index
     * @return how many bags the group held
     * @throws BadInputException when a bag's id is not the driver's (an executor that found other
     *     test bags)
     */
    static int decode(String json, List<Bag> bags, Detection[][] into) {
        JsonArray arr = JsonParser.parseString(json).getAsJsonObject().getAsJsonArray("bags");
        for (JsonElement e : arr) {
            JsonObject b = e.getAsJsonObject();
            int index = b.get("index").getAsInt();
            Bag bag = bags.get(index);
            String id = b.get("id").getAsString();
            if (!id.equals(bag.id())) {
                throw new BadInputException("a task detected bag '" + id + "' as test bag " + index
                        + ", which is '" + bag.id() + "' here: the executor read other data");
            }
            JsonArray ds = b.getAsJsonArray("detections");
            if (ds.size() != into.length) {
                throw new IllegalStateException("bag " + index + ": " + ds.size() + " detections for " + into.length
                        + " lists");
            }
            for (int l = 0; l < into.length; l++) {
                JsonObject o = ds.get(l).getAsJsonObject();
                into[l][index] = new Detection(bag, o.get("probability").getAsFloat(), floats(o.get("before")),
                        floats(o.get("after")), o.has("refined") ? floats(o.get("refined")) : null,
                        o.has("aopcR") ? o.get("aopcR").getAsDouble() : Double.NaN);
            }
        }
        return arr.size();
    }

    private static String floats(float[] a) {
        ByteBuffer buf = ByteBuffer.allocate(a.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(a);
        return Base64.getEncoder().encodeToString(buf.array());
    }

    private static float[] floats(JsonElement e) {
        ByteBuffer buf = ByteBuffer.wrap(Base64.getDecoder().decode(e.getAsString())).order(ByteOrder.LITTLE_ENDIAN);
        float[] a = new float[buf.remaining() / Float.BYTES];
        buf.asFloatBuffer().get(a);
        return a;
    }
}
