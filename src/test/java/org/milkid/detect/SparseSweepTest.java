package org.milkid.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.milkid.bag.Bag;
import org.milkid.model.MilModel;
import org.milkid.model.ModelConfig;
import org.milkid.model.ModelKind;

class SparseSweepTest {

    /** Feature bags of 12 tiles of D = 6 that the untrained model calls positive (so they are inverted). */
    private static List<Bag> positiveBags(MilModel model, int n) {
        Random r = new Random(7);
        List<Bag> out = new ArrayList<>();
        for (int tries = 0; tries < 400 && out.size() < n; tries++) {
            // bags spread widely in feature space, so that some land on the positive side of the classifier
            float[] f = new float[12 * 6];
            double scale = Math.exp(r.nextGaussian() * 1.5);
            double[] centre = {r.nextGaussian(), r.nextGaussian(), r.nextGaussian(), r.nextGaussian(), r.nextGaussian(),
                r.nextGaussian()};
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) (scale * (4 * centre[i % 6] + r.nextGaussian()));
            }
            Bag b = Bag.features("b" + tries, 1, 6, f, null, null);
            if (model.predict(b).label() == 1) {
                out.add(b);
            }
        }
        assertThat(out).as("bags the untrained model calls positive").hasSize(n);
        return out;
    }

    @Test
    void everyRowsPerPassGivesTheSameDetections() {
        float[] lambdas = {0.001f, 0.002f, 0.003f, 0.004f, 0.005f};
        InversionConfig cfg = InversionConfig.paperSparse(InversionDefaults.BREAST, lambdas[0]).withIterations(6);
        for (long seed = 1; seed <= 3; seed++) {
            try (MilModel model = MilModel.create(ModelConfig.features(ModelKind.ATTENTION, 6), seed)) {
                List<Bag> bags = positiveBags(model, 2);
                List<Integer> heard = new ArrayList<>();
                SparseSweep all = new SparseSweep(cfg, lambdas, ScoreKind.ATTENTION, null, 5);
                Map<Float, List<Detection>> reference = all.run(model, bags);
                assertThat(all.rowsPerPass()).isEqualTo(5);
                // the lambdas give distinct refined bags, so a row given another lambda's result would show
                float[] first = reference.get(lambdas[0]).get(0).refined();
                float[] last = reference.get(lambdas[4]).get(0).refined();
                double gap = 0;
                for (int k = 0; k < first.length; k++) {
                    gap = Math.max(gap, Math.abs(first[k] - last[k]));
                }
                assertThat(gap).isGreaterThan(1e-3);
                for (int rows : new int[] {1, 2, 3}) {
                    heard.clear();
                    SparseSweep s = new SparseSweep(cfg, lambdas, ScoreKind.ATTENTION, heard::add, rows);
                    Map<Float, List<Detection>> got = s.run(model, bags);
                    assertThat(s.rowsPerPass()).isEqualTo(rows);
                    assertThat(got.keySet()).containsExactlyElementsOf(reference.keySet());
                    for (float l : lambdas) {
                        for (int i = 0; i < bags.size(); i++) {
                            Detection a = reference.get(l).get(i);
                            Detection b = got.get(l).get(i);
                            assertThat(b.bag()).isSameAs(a.bag());
                            for (int k = 0; k < a.refined().length; k++) {
                                assertThat(b.refined()[k]).isCloseTo(a.refined()[k], within(1e-5f));
                            }
                            for (int k = 0; k < a.after().length; k++) {
                                assertThat(b.after()[k]).isCloseTo(a.after()[k], within(1e-4f));
                            }
                        }
                    }
                    // progress climbs to the iterations of a bag, once per bag, whatever the passes
                    assertThat(heard).isNotEmpty().allMatch(it -> it >= 0 && it <= cfg.iterations());
                    assertThat(heard.stream().filter(it -> it == cfg.iterations()).count()).isEqualTo(bags.size());
                }
            }
        }
    }
}
