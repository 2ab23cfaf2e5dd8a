package org.milkid.app;

import java.io.IOException;
import java.lang.ref.SoftReference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.milkid.bag.Bag;
import org.milkid.data.DatasetSpec;
import org.milkid.data.Datasets;
import org.milkid.data.features.FeatureBagsConfig;
import org.milkid.data.mnist.MnistBagsConfig;
import org.milkid.data.mnist.MnistDigits;
import org.milkid.detect.Detection;
import org.milkid.detect.InstanceLogistic;
import org.milkid.detect.InversionConfig;
import org.milkid.detect.KeyInstanceDetector;
import org.milkid.detect.KidMethod;
import org.milkid.detect.SelfTrainingDetector;
import org.milkid.eval.KidScores;
import org.milkid.experiment.BagTask;
import org.milkid.experiment.MethodRunner;
import org.milkid.experiment.RunWorker;
import org.milkid.model.MilModel;
import org.milkid.util.BadInputException;
import org.milkid.util.Json;
import org.milkid.util.Progress;

/**
 * The per-bag part of {@code detect} as a {@link BagTask}, for {@code detect --spark}: everything a
 * task needs to detect a group of test bags anywhere, as text. A task loads the model from its
 * folder and the data set from its spec (the test bags follow from the spec and its seed), takes
 * its bags by index, runs {@link MethodRunner#detect} on them holding the JVM's one-run lock
 * ({@link RunWorker#alone}) and returns their detections as JSON ({@link DetectionsJson}). It writes
 * nothing.
 *
 * <p>A method that learns from the training bags (Att-selftrain) is fitted once, on the driver
 * ({@link #of}), and its instance classifier travels with the plan: the tasks score with it and fit
 * nothing, as the sequential run scores every bag with the one classifier it fits.
 *
 * @param model the model folder, absolute
 * @param spec the data set ({@link DatasetSpec}) as JSON, its folders absolute
 * @param method the method's key ({@link KidMethod#key})
 * @param lambdas the lambdas a sweeping method sweeps
 * @param inversion the method's inversion settings as JSON (null: it does not invert)
 * @param classifier Att-selftrain's fitted instance classifier as JSON (null for the other methods)
 * @param refined whether the tasks return the inverted pixels (for the mosaics of pixel bags)
 * @param job this plan's own id: the tasks of one job in one JVM load the data set once and share
 *     its test bags (a later job loads them afresh)
 */
public record DetectPlan(String model, String spec, String method, float[] lambdas, String inversion,
        String classifier, boolean refined, String job) implements BagTask {
    private static final long serialVersionUID = 1L;

    /** The test bags the tasks of the last job in this JVM loaded, by job id; softly held. */
    private static final Object LOADED_LOCK = new Object();
    private static String loadedJob;
    private static SoftReference<List<Bag>> loaded = new SoftReference<>(null);

    /**
     * The plan of {@code method} as {@code runner} runs it with {@code model} (loaded from
     * {@code modelDir}) on the test bags of {@code spec}; fits a self-training method's classifier here.
     *
     * @param refined whether the tasks return the inverted pixels
     */
    public static DetectPlan of(Path modelDir, MilModel model, DatasetSpec spec, KidMethod method, MethodRunner runner,
            boolean refined) {
        String classifier = null;
        if (method.needsTrainingBags()) {
            KeyInstanceDetector d = runner.detector(method, null);
            if (!(d instanceof SelfTrainingDetector s)) {
                throw new BadInputException("--spark: " + method.cliName() + " learns from the training bags in a way"
                        + " milkid cannot ship to Spark's tasks; run it without --spark");
            }
            classifier = Json.gson().toJson(s.classifier(model));
        }
        InversionConfig inv = runner.inversion(method);
        return new DetectPlan(modelDir.toAbsolutePath().normalize().toString(),
                Json.gson().toJson(absolute(spec)), method.key(), runner.lambdas(),
                inv == null ? null : Json.gson().toJson(inv), classifier, refined, UUID.randomUUID().toString());
    }

    /**
     * The spec with the folders an executor reads made absolute: the data's folder, a slide CSV, and
     * the MNIST digits' folder (milkid's bundled digits when the spec names none).
     */
    static DatasetSpec absolute(DatasetSpec s) {
        MnistBagsConfig m = s.mnist();
        if (m != null) {
            Path dir = m.mnistDir() != null ? m.mnistDir() : MnistDigits.bundledDir();
            m = new MnistBagsConfig(m.grid(), m.targetDigit(), m.trainBags(), m.testBags(), m.seed(),
                    dir.toAbsolutePath().normalize());
        }
        FeatureBagsConfig f = s.features();
        if (f != null && f.labels() != null) {
            f = new FeatureBagsConfig(f.labels().toAbsolutePath().normalize(), f.positiveLabel(), f.tileSize());
        }
        Path data = s.dataDir() == null ? null : s.dataDir().toAbsolutePath().normalize();
        return new DatasetSpec(s.dataset(), m, data, s.patchSize(), s.testFraction(), s.seed(), s.skipEmpty(), f);
    }

    /** The data set's test bags, loaded by the first task of this job in this JVM. */
    private List<Bag> testBags(DatasetSpec s) throws IOException {
        synchronized (LOADED_LOCK) {
            List<Bag> test = job.equals(loadedJob) ? loaded.get() : null;
            if (test == null) {
                loaded = new SoftReference<>(null); // let the last job's bags go before these load
                test = Datasets.load(s).test();
                loaded = new SoftReference<>(test);
                loadedJob = job;
            }
            return test;
        }
    }

    /**
     * Detects the test bags {@code bags} (indexes into the data set's test bags) and returns their
     * detections as {@link DetectionsJson}.
     */
    @Override
    public String apply(int[] bags) throws IOException {
        DatasetSpec s = Json.gson().fromJson(spec, DatasetSpec.class);
        KidMethod m = KidMethod.parse(method);
        List<Bag> test = testBags(s);
        List<Bag> group = new ArrayList<>(bags.length);
        for (int i : bags) {
            if (i < 0 || i >= test.size()) {
                throw new BadInputException("bag " + i + " of " + s.dataset() + " asked for; this executor finds "
                        + test.size() + " test bags");
            }
            group.add(test.get(i));
        }
        InversionConfig inv = inversion == null ? null : Json.gson().fromJson(inversion, InversionConfig.class);
        MethodRunner runner = new MethodRunner(Datasets.inversionDefaults(s.dataset()), lambdas,
                KidScores.PAPER_THRESHOLDS, c -> inv, Progress.NONE);
        return RunWorker.alone(() -> {
            try (MilModel mm = MilModel.load(Path.of(model))) {
                KeyInstanceDetector d = classifier != null
                        ? new SelfTrainingDetector(m.key(), Json.gson().fromJson(classifier, InstanceLogistic.class))
                        : runner.detector(m, null);
                List<List<Detection>> found = runner.detect(m, mm, group, d, null);
                return DetectionsJson.encode(bags, found, refined);
            }
        });
    }
}
