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
import org.milkid.eval.KidEvaluator;
import org.milkid.eval.KidResult;
import org.milkid.experiment.TrainedModels;
import org.milkid.model.ModelKind;
import org.milkid.train.TrainConfig;
import org.milkid.util.Progress;

/**
 * A planted task where attention is known to be skewed: positive bags holding three nines of
 * unequal strength (pixels scaled by 1.0, 0.55 and 0.3) among six other digits. The recall of
 * each method is measured and pinned as a regression test, whichever way it falls.
 */
@Tag("slow")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlantedKidTest {
    private TrainedModels.Trained att;
    private List<Bag> planted;
    private final Map<String, Double> recall = new LinkedHashMap<>();

    @BeforeAll
    void train() throws IOException {
        MnistBagSource src = MnistBagSource.load(new MnistBagsConfig(3, 9, 300, 0, 17, null));
        att = TrainedModels.train(ModelKind.ATTENTION, src.trainBags(),
                TrainConfig.paperMnist(17).withEpochs(10).withPatience(3), Progress.NONE);
        planted = plantedBags(MnistDigits.loadSplit(MnistDigits.bundledDir(), false), 12, 5);
    }

    @AfterAll
    void close() {
        att.close();
        System.out.println("planted-task recall at t = 0.5: " + recall);
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

    private double recallOf(KeyInstanceDetector d) {
        KidResult r = KidEvaluator.evaluate(d.detect(att.model(), planted), new double[] {0.5});
        recall.put(d.name(), r.best().recall());
        return r.best().recall();
    }

    @Test
    void modelLearned() {
        assertThat(att.result().leftChance()).isTrue();
    }

    @Test
    void paperMethodsRecallPinned() {
        double a = recallOf(KidMethod.ATT.detector(null, null));
        // plain inversion cut from 1000 to 300 iterations to keep the test short
        double inv = recallOf(KidMethod.ATT_INV.detector(InversionConfig.paperInversion().withIterations(300), null));
        double sparse = recallOf(KidMethod.ATT_SPARSE.detector(
                InversionConfig.paperSparse(InversionDefaults.MNIST, 0.001f), null));
        // measured with seed 17 on the bundled digits; pinned as regression figures
        assertThat(a).isCloseTo(PINNED_ATT, within(0.03));
        assertThat(inv).isCloseTo(PINNED_INV, within(0.03));
        assertThat(sparse).isCloseTo(PINNED_SPARSE, within(0.03));
    }

    @Test
    void defaultMethodFindsMoreKeyInstancesThanSoftmaxAttention() {
        double a = recallOf(KidMethod.ATT.detector(null, null));
        double def = recallOf(KidMethod.DEFAULT.detector(null, null));
        assertThat(def).isGreaterThan(a + 0.1);
        assertThat(def).isCloseTo(PINNED_DEFAULT, within(0.03));
    }

    // measured here (36 key instances in 12 bags): softmax attention finds the strongest nine of
    // each bag and a few more (14 of 36); the paper's inversions change nothing at t = 0.5 on this
    // confident model; scoring each instance alone finds 34 of 36
    static final double PINNED_ATT = 14 / 36.0;
    static final double PINNED_INV = 14 / 36.0;
    static final double PINNED_SPARSE = 14 / 36.0;
    static final double PINNED_DEFAULT = 34 / 36.0;
}
