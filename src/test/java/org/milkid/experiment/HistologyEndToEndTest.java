package org.milkid.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.milkid.bag.Bag;
import org.milkid.data.DatasetSpec;
import org.milkid.data.Datasets;
import org.milkid.detect.Detection;
import org.milkid.detect.KidEvaluation;
import org.milkid.detect.KidMethod;
import org.milkid.eval.KidResult;
import org.milkid.model.ModelKind;
import org.milkid.train.TrainConfig;
import org.milkid.util.Progress;

/**
 * End to end on synthetic "H&E-like" images: pink tissue with scattered purple nuclei; key
 * patches carry a planted pattern (a dense cluster of dark nuclei), marked in a mask. The
 * generic image loader cuts 128 x 128 images into 16 patches of 32 x 32; the histology model
 * trains with the paper's histopathology settings and augmentation.
 */
@Tag("slow")
class HistologyEndToEndTest {

    @Test
    void histologyModelLearnsPlantedPatternAndAttentionFindsIt(@TempDir Path dir) throws IOException {
        Random r = new Random(3);
        StringBuilder csv = new StringBuilder("image,label,mask\n");
        for (int i = 0; i < 90; i++) {
            int label = i % 2;
            BufferedImage img = new BufferedImage(128, 128, BufferedImage.TYPE_INT_RGB);
            BufferedImage mask = new BufferedImage(128, 128, BufferedImage.TYPE_INT_RGB);
            boolean[] key = new boolean[16];
            if (label == 1) {
                int n = 1 + r.nextInt(3);
                for (int j = 0; j < n; j++) {
                    key[r.nextInt(16)] = true;
                }
            }
            for (int y = 0; y < 128; y++) {
                for (int x = 0; x < 128; x++) {
                    int red = 230 + r.nextInt(20) - 10;
                    int green = 170 + r.nextInt(20) - 10;
                    int blue = 200 + r.nextInt(20) - 10;
                    img.setRGB(x, y, (red << 16) | (green << 8) | blue);
                }
            }
            for (int p = 0; p < 16; p++) {
                int top = (p / 4) * 32;
                int left = (p % 4) * 32;
                int nuclei = key[p] ? 14 : 3;
                for (int j = 0; j < nuclei; j++) {
                    disk(img, left + 4 + r.nextInt(24), top + 4 + r.nextInt(24), key[p] ? 3 : 2,
                            key[p] ? 0x3C1E64 : 0x8C5A96);
                }
                if (key[p]) {
                    for (int y = top; y < top + 32; y++) {
                        for (int x = left; x < left + 32; x++) {
                            mask.setRGB(x, y, 0xFFFFFF);
                        }
                    }
                }
            }
            String name = String.format("img%02d.png", i);
            ImageIO.write(img, "png", dir.resolve(name).toFile());
            ImageIO.write(mask, "png", dir.resolve("mask" + name).toFile());
            csv.append(name).append(',').append(label).append(",mask").append(name).append('\n');
        }
        Files.writeString(dir.resolve("labels.csv"), csv);

        DatasetSpec spec = new DatasetSpec("images", null, dir, 32, 0.3, 5, false, null);
        Datasets.Loaded data = Datasets.load(spec);
        assertThat(data.train().size() + data.test().size()).isEqualTo(90);
        Bag first = data.train().get(0);
        assertThat(first.size()).isEqualTo(16);
        assertThat(first.channels()).isEqualTo(3);

        TrainConfig tc = Datasets.trainDefaults("images", 5).withEpochs(25).withPatience(6);
        assertThat(tc.augment()).isTrue();
        assertThat(tc.learningRate()).isEqualTo(1e-4f);
        try (TrainedModels.Trained t = TrainedModels.train(ModelKind.ATTENTION, data.train(), tc, Progress.NONE)) {
            List<Detection> ds = KidMethod.ATT.detector(null, null).detect(t.model(), data.test());
            double[] bag = KidEvaluation.bagMetrics(ds);
            KidResult kid = KidEvaluation.evaluate(ds, new double[] {0.1, 0.2, 0.3, 0.4, 0.5});
            long keys = 0;
            long inPositive = 0;
            for (Bag b : data.test()) {
                if (b.label() == 1) {
                    keys += b.positiveInstances();
                    inPositive += b.size();
                }
            }
            double share = (double) keys / inPositive;
            System.out.printf("histology e2e: bag accuracy %.3f, AUC %.3f, attention KID F1 %.3f (positives %.3f)%n",
                    bag[0], bag[1], kid.best().f1(), share);
            // measured here: bag accuracy 1.000, AUC 1.000, attention KID F1 1.000 with 12.9% key
            // instances in positive bags; asserted with a small margin for other machines
            assertThat(bag[0]).isGreaterThanOrEqualTo(0.95);
            assertThat(kid.best().f1()).isGreaterThanOrEqualTo(0.9);
            assertThat(share).isLessThan(0.2);
        }
    }

    private static void disk(BufferedImage img, int cx, int cy, int radius, int rgb) {
        for (int y = cy - radius; y <= cy + radius; y++) {
            for (int x = cx - radius; x <= cx + radius; x++) {
                if ((x - cx) * (x - cx) + (y - cy) * (y - cy) <= radius * radius && x >= 0 && y >= 0 && x < 128
                        && y < 128) {
                    img.setRGB(x, y, rgb);
                }
            }
        }
    }
}
