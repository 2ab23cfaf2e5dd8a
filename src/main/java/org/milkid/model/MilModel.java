package org.milkid.model;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.milkid.bag.Bag;
import org.milkid.util.AtomicFiles;
import org.milkid.util.BadInputException;
import org.milkid.util.FileHash;
import org.milkid.util.Json;

/**
 * A trained or fresh MIL model: the DJL {@link Model} holding a {@link MilBlock}, its
 * architecture and its provenance. Predicts bags, saves and loads itself.
 *
 * <p>A model folder holds {@code model.json} (architecture and provenance) and
 * {@code milkid-0000.params} (DJL's parameter format).
 */
public final class MilModel implements AutoCloseable {
    static final String NAME = "milkid";
    static final String CONFIG_FILE = "model.json";
    static final String PARAMS_FILE = NAME + "-0000.params";

    private final Model model;
    private final MilBlock block;
    private final ModelConfig config;
    private Provenance provenance;

    private MilModel(Model model, MilBlock block, ModelConfig config, Provenance provenance) {
        this.model = model;
        this.block = block;
        this.config = config;
        this.provenance = provenance;
    }

    /**
     * A fresh model with PyTorch's default initialisation (uniform in +-1/sqrt(fan_in) for weights
     * and biases, as the paper's reference code gets), drawn from {@code seed}; a parameter that
     * belongs to no layer (Additive's bag-level bias) starts at 0.
     */
    public static MilModel create(ModelConfig config, long seed) {
        Engines.ensureReady();
        Model model = Model.newInstance(NAME, Engines.ENGINE);
        MilBlock block = new MilBlock(config);
        model.setBlock(block);
        long[] x = config.instanceShape();
        block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 1, x[0], x[1], x[2]));
        initialise(block, seed);
        return new MilModel(model, block, config, null);
    }

    /**
     * Draws every weight and bias afresh as {@link #create} does, from {@code seed} (a trainer's
     * restart from a fresh seed).
     */
    public void reinitialise(long seed) {
        initialise(block, seed);
    }

    private static void initialise(MilBlock block, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Set<String> drawn = new HashSet<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (!p.getKey().endsWith("weight")) {
                continue;
            }
            NDArray w = p.getValue().getArray();
            Shape s = w.getShape();
            long fanIn = s.size() / s.get(0);
            float bound = (float) (1.0 / Math.sqrt(fanIn));
            fill(w, rng, bound);
            drawn.add(p.getKey());
            String biasName = p.getKey().substring(0, p.getKey().length() - "weight".length()) + "bias";
            for (Pair<String, Parameter> q : block.getParameters()) {
                if (q.getKey().equals(biasName)) {
                    fill(q.getValue().getArray(), rng, bound);
                    drawn.add(biasName);
                }
            }
        }
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (!drawn.contains(p.getKey())) {
                NDArray a = p.getValue().getArray();
                a.set(FloatBuffer.wrap(new float[Math.toIntExact(a.size())]));
            }
        }
    }

    private static void fill(NDArray a, SplittableRandom rng, float bound) {
        float[] v = new float[Math.toIntExact(a.size())];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
        }
        a.set(FloatBuffer.wrap(v));
    }

    public ModelConfig config() {
        return config;
    }

    public MilBlock block() {
        return block;
    }

    /** The underlying DJL model (for trainers). */
    public Model djlModel() {
        return model;
    }

    public NDManager manager() {
        return model.getNDManager();
    }

    /** The provenance recorded at training time, or null for a fresh model. */
    public Provenance provenance() {
        return provenance;
    }

    public void setProvenance(Provenance provenance) {
        this.provenance = provenance;
    }

    /** Checks that a bag's instances have the shape this model's encoder takes. */
    public void checkShape(Bag bag) {
        long[] x = config.instanceShape();
        if (bag.channels() != x[0] || bag.height() != x[1] || bag.width() != x[2]
                || bag.isFeatureBag() != config.encoder().isFeatures()) {
            throw new BadInputException("bag " + bag.id() + (bag.isFeatureBag() ? " holds feature vectors of length "
                    + bag.channels() : " has instances of shape [" + bag.channels() + ", " + bag.height() + ", "
                    + bag.width() + "]") + " but the model's encoder takes " + (config.encoder().isFeatures()
                    ? "feature vectors of length " + x[0] : "images [" + x[0] + ", " + x[1] + ", " + x[2] + "]"));
        }
    }

    /** Predicts one bag in inference mode (dropout off). */
    public Prediction predict(Bag bag) {
        checkShape(bag);
        try (NDManager m = manager().newSubManager()) {
            NDArray x = toArray(m, bag);
            NDList out = block.forward(new ParameterStore(m, false), new NDList(x), false);
            return toPrediction(out, 0);
        }
    }

    /** Predicts every bag, one at a time. */
    public List<Prediction> predict(List<Bag> bags) {
        List<Prediction> out = new ArrayList<>(bags.size());
        for (Bag b : bags) {
            out.add(predict(b));
        }
        return out;
    }

    /** The bag as an array {@code [1, K, C, H, W]} owned by {@code m}. */
    public static NDArray toArray(NDManager m, Bag bag) {
        return NativeArrays.create(m, bag.pixels(), new Shape(1, bag.size(), bag.channels(), bag.height(),
                bag.width()));
    }

    /** Reads the outputs of bag {@code b} of a forward pass into a prediction. */
    public static Prediction toPrediction(NDList out, int b) {
        float[] prob = out.get(MilBlock.PROB).toFloatArray();
        float[] logit = out.get(MilBlock.LOGIT).toFloatArray();
        return new Prediction(prob[b], logit[b], row(out.get(MilBlock.WEIGHTS), b), row(out.get(MilBlock.RAW), b),
                row(out.get(MilBlock.ALONE), b));
    }

    private static float[] row(NDArray a, int b) {
        return a.get(b).toFloatArray();
    }

    /** The current parameter values, copied to Java (to keep the weights of the best epoch). */
    public List<float[]> snapshot() {
        List<float[]> s = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            s.add(p.getValue().getArray().toFloatArray());
        }
        return s;
    }

    /** The parameters, in the order of {@link #snapshot()}. */
    public List<Parameter> parameters() {
        List<Parameter> list = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            list.add(p.getValue());
        }
        return list;
    }

    /** Restores parameter values taken by {@link #snapshot()}. */
    public void restore(List<float[]> snapshot) {
        int i = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            p.getValue().getArray().set(FloatBuffer.wrap(snapshot.get(i++)));
        }
    }

    /** Sets every parameter frozen (no weight gradients) or trainable. */
    public void freeze(boolean frozen) {
        block.freezeParameters(frozen);
    }

    /**
     * Saves into {@code dir} (created or replaced whole) with the given provenance; {@code model.json}
     * records the SHA-256 of the parameter file, which {@link #load} verifies.
     */
    public void save(Path dir, Provenance prov) throws IOException {
        this.provenance = prov;
        AtomicFiles.writeDir(dir, tmp -> {
            model.save(tmp, NAME);
            String sha = FileHash.sha256(tmp.resolve(PARAMS_FILE));
            Json.write(tmp.resolve(CONFIG_FILE), new ModelFile(ModelFile.FORMAT, config, prov, sha));
        });
    }

    /**
     * Loads a model folder written by {@link #save}. Refused, with the folder or file named: a
     * missing folder or file, a description of another format, a parameter file whose SHA-256
     * differs from the recorded one (corrupt or changed), and parameters whose shapes are not those
     * of the described architecture.
     */
    public static MilModel load(Path dir) throws IOException {
        Path json = dir.resolve(CONFIG_FILE);
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + ": no such model folder");
        }
        if (!Files.isRegularFile(json)) {
            throw new IOException(json + ": missing (not a milkid model folder)");
        }
        ModelFile file;
        try {
            file = Json.read(json, ModelFile.class);
        } catch (RuntimeException e) {
            throw new IOException(json + ": not a milkid model description (" + e.getMessage() + ")", e);
        }
        if (file == null) {
            throw new IOException(json + ": empty model description");
        }
        if (file.format() > ModelFile.FORMAT) {
            throw new IOException(json + ": format " + file.format() + " was written by a newer milkid (this one reads "
                    + ModelFile.FORMAT + ")");
        }
        if (file.format() != ModelFile.FORMAT || file.config() == null || file.config().kind() == null
                || file.config().encoder() == null || file.paramsSha256() == null) {
            throw new IOException(json + ": not a milkid model description (format " + file.format() + ")");
        }
        ModelConfig config;
        try {
            config = new ModelConfig(file.config().kind(), file.config().encoder(), file.config().attentionDim(),
                    file.config().dropout(), file.config().featureDim());
        } catch (IllegalArgumentException e) {
            throw new IOException(json + ": " + e.getMessage(), e);
        }
        Path params = dir.resolve(PARAMS_FILE);
        if (!Files.isRegularFile(params)) {
            throw new IOException(params + ": missing parameter file");
        }
        String sha = FileHash.sha256(params);
        if (!sha.equals(file.paramsSha256())) {
            throw new IOException(params + ": checksum mismatch (SHA-256 " + abbreviate(sha) + ", model.json"
                    + " records " + abbreviate(file.paramsSha256()) + "): the file is corrupt or was changed");
        }
        MilModel m = create(config, 0);
        List<Shape> expected = m.shapes();
        try {
            m.model.load(dir, NAME);
        } catch (MalformedModelException | IOException | RuntimeException e) {
            m.close();
            throw new IOException(params + ": corrupt or incompatible parameter file (" + e.getMessage() + ")", e);
        }
        List<Shape> loaded = m.shapes();
        if (!loaded.equals(expected)) {
            m.close();
            throw new IOException(json + ": the parameters in " + PARAMS_FILE + " do not fit the architecture it"
                    + " describes (" + config.kind().cliName() + ", attention dimension " + config.attentionDim()
                    + "): built for another architecture");
        }
        m.provenance = file.provenance();
        return m;
    }

    private List<Shape> shapes() {
        List<Shape> s = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            s.add(p.getValue().getArray().getShape());
        }
        return s;
    }

    private static String abbreviate(String sha) {
        return sha.length() > 12 ? sha.substring(0, 12) + "..." : sha;
    }

    @Override
    public void close() {
        model.close();
    }

    /** What {@code model.json} holds. */
    record ModelFile(int format, ModelConfig config, Provenance provenance, String paramsSha256) {
        static final int FORMAT = 1;
    }
}
