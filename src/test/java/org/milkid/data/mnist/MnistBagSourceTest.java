package org.milkid.data.mnist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.milkid.bag.Bag;

class MnistBagSourceTest {

    static MnistBagSource bundled(int g, int train, int test, long seed) throws IOException {
        return MnistBagSource.load(new MnistBagsConfig(g, 9, train, test, seed, null));
    }

    @Test
    void classesAreBalancedAndLabelsAreTheOrOfInstances() throws IOException {
        List<Bag> bags = bundled(5, 101, 0, 3).trainBags();
        assertThat(bags).hasSize(101);
        assertThat(bags.stream().filter(b -> b.label() == 1).count()).isEqualTo(50);
        for (Bag b : bags) {
            assertThat(b.size()).isEqualTo(25);
            assertThat(b.positiveInstances() > 0).isEqualTo(b.label() == 1);
        }
    }

    @Test
    void positiveShareNearTenPercentForG20() throws IOException {
        List<Bag> bags = bundled(20, 200, 0, 5).trainBags();
        long pos = 0;
        long all = 0;
        for (Bag b : bags) {
            if (b.label() == 1) {
                pos += b.positiveInstances();
                all += b.size();
            }
        }
        double share = (double) pos / all;
        // the bundled pool holds 9.8% nines; the paper's Table II: 10.2%
        assertThat(share).isBetween(0.09, 0.11);
    }

    @Test
    void sameSeedSameBagsOtherSeedOtherBags() throws IOException {
        Bag a = bundled(4, 10, 4, 9).trainBags().get(3);
        Bag b = bundled(4, 10, 4, 9).trainBags().get(3);
        Bag c = bundled(4, 10, 4, 10).trainBags().get(3);
        assertThat(a.pixels()).isEqualTo(b.pixels());
        assertThat(a.instanceLabels()).isEqualTo(b.instanceLabels());
        assertThat(a.pixels()).isNotEqualTo(c.pixels());
    }

    @Test
    void trainAndTestBagsUseDisjointDigitPools(@TempDir Path dir) throws IOException {
        // train digits are all filled with byte 1..; test digits: every image filled with 200+
        writeSplit(dir, "train", 40, 1);
        writeSplit(dir, "t10k", 40, 200);
        MnistBagSource src = MnistBagSource.load(new MnistBagsConfig(3, 9, 20, 20, 1, dir));
        for (Bag b : src.trainBags()) {
            for (float v : b.pixels()) {
                assertThat(v).isLessThan(100 / 255f);
            }
        }
        for (Bag b : src.testBags()) {
            for (float v : b.pixels()) {
                assertThat(v).isGreaterThanOrEqualTo(200 / 255f);
            }
        }
    }

    private static void writeSplit(Path dir, String prefix, int n, int base) throws IOException {
        byte[] img = IdxReaderTest.images(n, 28, 28);
        for (int i = 16; i < img.length; i++) {
            img[i] = (byte) (base + (img[i] & 0xff) % 40);
        }
        byte[] l = new byte[n];
        for (int i = 0; i < n; i++) {
            l[i] = (byte) (i % 10);
        }
        IdxReaderTest.gz(dir.resolve(prefix + "-images-idx3-ubyte.gz"), img);
        IdxReaderTest.gz(dir.resolve(prefix + "-labels-idx1-ubyte.gz"), IdxReaderTest.labels(l));
        assertThat(Files.exists(dir.resolve(prefix + "-labels-idx1-ubyte.gz"))).isTrue();
    }
}
