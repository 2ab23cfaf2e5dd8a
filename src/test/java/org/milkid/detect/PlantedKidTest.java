package org.milkid.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.milkid.bag.Bag;
import org.milkid.data.mnist.MnistBagSource;
import org.milkid.data.mnist.MnistBagsConfig;
import org.milkid.data.mnist.MnistDigits;
import org.milkid.eval.KidResult;
import org.milkid.experiment.TrainedModels;
import org.milkid.model.ModelKind;
import org.milkid.train.TrainConfig;
import org.milkid.util.Progress;

/**
 * A planted task where attention is known to be skewed: positive bags holding three nines of
 * unequal strength (pixels scaled by 1.0, 0.55 and 0.3) among six other digits, 36 key instances
 * in 12 bags. Attention models are trained with {@link #SEEDS} seeds; what is asserted are
 * properties with margins that hold across seeds and CPUs (floats, and so trained models, differ
 * from machine to machine), never one machine's recall.
 */
@Tag("slow")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlantedKidTest {
    /** Seeds of the attention models; recalls are pooled over them. */
    static final long[] SEEDS = {17, 18, 19};
    private final List<TrainedModels.Trained> att = new ArrayList<>();
    private List<Bag> planted;
    private final Map<String, List<Double>> recall = new LinkedHashMap<>();

    @BeforeAll
    void train() throws IOException {
        for (long seed : SEEDS) {
            MnistBagSource src = MnistBagSource.load(new MnistBagsConfig(3, 9, 300, 0, seed, null));
            att.add(TrainedModels.train(ModelKind.ATTENTION, src.trainBags(),
                    TrainConfig.paperMnist(seed).withEpochs(10).withPatience(3), Progress.NONE));
        }
        planted = plantedBags(MnistDigits.loadSplit(MnistDigits.bundledDir(), false), 12, 5);
    }

    @AfterAll
    void close() {
        att.forEach(TrainedModels.Trained::close);
        System.out.println("planted-task recall at t = 0.5 per seed " + java.util.Arrays.toString(SEEDS) + ": " + recall);
    }

    static List<Bag> plantedBags(MnistDigits digits, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Integer> nines = new ArrayList<>();
        List<Integer> others = new ArrayList<>();
        for (int i = 0; i < digits.size(); i++) {
            (digits.label(i) == 9 ? nines : others).add(i);
        }
        float[] strength = {1f, 0.55f, 0.3f};
        List<Bag> bags = new ArrayList<>();
        for (int b = 0; b < n; b++) {
            float[] p = new float[9 * 784];
            int[] y = new int[9];
            for (int k = 0; k < 9; k++) {
                boolean key = k % 3 == 0;
                int idx = key ? nines.get(r.nextInt(nines.size())) : others.get(r.nextInt(others.size()));
                digits.copyPixels(idx, p, k * 784);
                if (key) {
                    y[k] = 1;
                    for (int j = k * 784; j < (k + 1) * 784; j++) {
                        p[j] *= strength[k / 3];
                    }
                }
            }
            bags.add(new Bag("planted-" + b, 1, 1, 28, 28, p, y, null));
        }
        return bags;
    }

    /** The recall at t = 0.5 of a detector on the planted bags, one value per seed's model. */
    private double[] recallOf(KeyInstanceDetector d) {
        double[] out = new double[att.size()];
        List<Double> seen = new ArrayList<>();
        for (int i = 0; i < att.size(); i++) {
            KidResult r = KidEvaluation.evaluate(d.detect(att.get(i).model(), planted), new double[] {0.5});
            out[i] = r.best().recall();
            seen.add(out[i]);
        }
        recall.put(d.name(), seen);
        return out;
    }

    @Test
    void modelsLearned() {
        for (TrainedModels.Trained t : att) {
            assertThat(t.result().leftChance()).isTrue();
        }
    }

    @Test
    void paperInversionsMoveAttentionsRecallLittle() {
        double[] a = recallOf(KidMethod.ATT.detector(null, null));
        // plain inversion cut from 1000 to 300 iterations to keep the test short
        double[] inv = recallOf(KidMethod.ATT_INV.detector(InversionConfig.paperInversion().withIterations(300), null));
        double[] sparse = recallOf(KidMethod.ATT_SPARSE.detector(
                InversionConfig.paperSparse(InversionDefaults.MNIST, 0.001f), null));
        // softmax attention is skewed towards the strongest nine: it misses most of the weak ones
        assertThat(mean(a)).isLessThan(0.8);
        // what the study measured (README): on confident models the paper's inversions change
        // attention's detections by little; pooled over the seeds, within 5 of the 36 instances
        assertThat(mean(inv)).isCloseTo(mean(a), within(5 / 36.0));
        assertThat(mean(sparse)).isCloseTo(mean(a), within(5 / 36.0));
    }

    @Test
    void defaultMethodFindsMoreKeyInstancesThanSoftmaxAttention() {
        double[] a = recallOf(KidMethod.ATT.detector(null, null));
        double[] def = recallOf(KidMethod.DEFAULT.detector(null, null));
        // on every seed's model at least as many, and pooled over the seeds at least 6 of 36 more
        for (int i = 0; i < a.length; i++) {
            assertThat(def[i]).as("seed " + SEEDS[i]).isGreaterThanOrEqualTo(a[i]);
        }
        assertThat(mean(def)).isGreaterThan(mean(a) + 6 / 36.0);
        assertThat(mean(def)).isGreaterThan(0.75);
    }

    private static double mean(double[] v) {
        return java.util.Arrays.stream(v).average().orElseThrow();
    }
}
