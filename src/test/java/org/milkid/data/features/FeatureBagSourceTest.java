package org.milkid.data.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.milkid.bag.Bag;
import org.milkid.util.BadInputException;

class FeatureBagSourceTest {

    @Test
    void oneFeatureBagPerSlideWithItsTilesAndLabels(@TempDir Path dir) throws IOException {
        List<FeatureFixtures.Slide> slides = FeatureFixtures.cohort(dir, 6, 20, 40, 12, 2f, 1);
        FeatureBagSource src = FeatureBagSource.load(dir, FeatureBagsConfig.defaults());
        assertThat(src.name()).isEqualTo("features");
        assertThat(src.trainBags()).hasSize(6);
        assertThat(src.warnings()).isEmpty();
        for (int i = 0; i < 6; i++) {
            Bag b = src.trainBags().get(i);
            FeatureFixtures.Slide s = slides.get(i);
            assertThat(b.id()).isEqualTo(s.id());
            assertThat(b.isFeatureBag()).isTrue();
            assertThat(b.label()).isEqualTo(s.label());
            assertThat(b.size()).isEqualTo(s.features().length);
            assertThat(b.channels()).isEqualTo(12);
            assertThat(b.instanceLabels()).containsExactly(s.instanceLabels());
            assertThat(b.layout().tileSize()).isEqualTo(256);
            for (int k = 0; k < b.size(); k++) {
                assertThat(b.layout().col(k)).isEqualTo(s.coords()[k][0]);
                assertThat(b.layout().row(k)).isEqualTo(s.coords()[k][1]);
                assertThat(b.instance(k)).containsExactly(s.features()[k]);
            }
        }
        assertThat(FeatureBagSource.load(dir, new FeatureBagsConfig(null, null, 1024)).trainBags().get(0).layout()
                .tileSize()).isEqualTo(1024);
        assertThat(FeatureBagSource.load(dir, FeatureBagsConfig.defaults()).fingerprint()).isEqualTo(src.fingerprint());
    }

    @Test
    void featuresDroppedFromMemoryAreReadAgainFromTheUnchangedFile(@TempDir Path dir) throws IOException {
        List<FeatureFixtures.Slide> slides = FeatureFixtures.cohort(dir, 4, 10, 30, 6, 2f, 5);
        FeatureBagSource src = FeatureBagSource.load(dir, FeatureBagsConfig.defaults());
        for (int i = 0; i < 4; i++) {
            Bag b = src.trainBags().get(i);
            assertThat(b.isReloadable()).isTrue();
            float[] first = b.pixels();
            assertThat(b.pixels()).isSameAs(first);
            b.dropValues();
            float[] again = b.pixels();
            assertThat(again).isNotSameAs(first).containsExactly(first);
            assertThat(b.size()).isEqualTo(slides.get(i).features().length);
            for (int k = 0; k < b.size(); k++) {
                assertThat(b.instance(k)).containsExactly(slides.get(i).features()[k]);
            }
        }
        // a refined copy holds its own values
        Bag b0 = src.trainBags().get(0);
        assertThat(b0.withPixels(b0.pixels().clone()).isReloadable()).isFalse();
    }

    @Test
    void aFileChangedOrRemovedBeforeItIsReadAgainIsNamed(@TempDir Path dir) throws IOException {
        List<FeatureFixtures.Slide> slides = FeatureFixtures.cohort(dir, 2, 10, 12, 4, 2f, 6);
        FeatureBagSource src = FeatureBagSource.load(dir, FeatureBagsConfig.defaults());
        Path file0 = dir.resolve("h5_files/slide-000.h5");
        FeatureFixtures.Slide s0 = slides.get(0);
        float[][] other = new float[s0.features().length][];
        for (int k = 0; k < other.length; k++) {
            other[k] = s0.features()[k].clone();
            other[k][0] += 1f;
        }
        Files.delete(file0);
        FeatureFixtures.write(file0, new FeatureFixtures.Slide(s0.id(), s0.label(), other, s0.coords(),
                s0.instanceLabels()), 32, 256);
        Bag b0 = src.trainBags().get(0);
        assertThat(b0.pixels()).hasSize(other.length * 4); // still in memory: nothing read
        b0.dropValues();
        assertThatThrownBy(b0::pixels).isInstanceOf(BadInputException.class)
                .hasMessageContaining("slide-000.h5: changed since milkid first read it");
        Bag b1 = src.trainBags().get(1);
        Files.delete(dir.resolve("h5_files/slide-001.h5"));
        b1.dropValues();
        assertThatThrownBy(b1::pixels).isInstanceOf(BadInputException.class)
                .hasMessageContaining("slide-001.h5: removed since milkid first read it");
    }

    @Test
    void aSlideWithoutItsFileIsRefusedAndAFileWithoutARowIsLeftOut(@TempDir Path dir) throws IOException {
        FeatureFixtures.cohort(dir, 4, 5, 8, 4, 2f, 2);
        Files.writeString(dir.resolve("slides.csv"), "slide_id,label\nslide-000,normal\nslide-001,tumor\nslide-009,tumor\n");
        assertThatThrownBy(() -> FeatureBagSource.load(dir, FeatureBagsConfig.defaults()))
                .isInstanceOf(IOException.class).hasMessageContaining("line 4")
                .hasMessageContaining("slide-009").hasMessageContaining("no feature file");
        Files.writeString(dir.resolve("slides.csv"), "slide_id,label\nslide-000,normal\nslide-001,tumor\n");
        FeatureBagSource src = FeatureBagSource.load(dir, FeatureBagsConfig.defaults());
        assertThat(src.trainBags()).hasSize(2);
        assertThat(src.warnings()).hasSize(2).allMatch(w -> w.contains("no row in the slide CSV"));
    }

    @Test
    void slidesFromDifferentEncodersAndMissingFoldersAreRefused(@TempDir Path dir) throws IOException {
        FeatureFixtures.cohort(dir, 2, 5, 8, 4, 2f, 3);
        FeatureFixtures.write(dir.resolve("h5_files/slide-001.h5"), new FeatureFixtures.Slide("slide-001", 1,
                new float[][] {{1f, 2f, 3f}}, new int[][] {{0, 0}}, null), 0, 256);
        assertThatThrownBy(() -> FeatureBagSource.load(dir, FeatureBagsConfig.defaults()))
                .hasMessageContaining("slide-001.h5: features of length 3").hasMessageContaining("has 4");
        Path empty = dir.resolve("empty");
        Files.createDirectories(empty);
        assertThatThrownBy(() -> FeatureBagSource.load(empty, FeatureBagsConfig.defaults()))
                .hasMessageContaining("slides.csv: not found");
        assertThatThrownBy(() -> FeatureBagSource.load(empty, new FeatureBagsConfig(dir.resolve("slides.csv"), null, 0)))
                .hasMessageContaining("h5_files: not found");
    }

    @Test
    void instanceLabelsThatContradictTheSlideAreDroppedWithAWarning(@TempDir Path dir) throws IOException {
        FeatureFixtures.write(dir.resolve("h5_files/a.h5"), new FeatureFixtures.Slide("a", 0,
                new float[][] {{1f}, {2f}}, new int[][] {{0, 0}, {256, 0}}, new int[] {0, 1}), 0, 256);
        FeatureFixtures.write(dir.resolve("h5_files/b.h5"), new FeatureFixtures.Slide("b", 1,
                new float[][] {{1f}, {2f}}, new int[][] {{0, 0}, {256, 0}}, new int[] {0, 1}), 0, 256);
        Files.writeString(dir.resolve("slides.csv"), "slide_id,label\na,0\nb,1\n");
        FeatureBagSource src = FeatureBagSource.load(dir, FeatureBagsConfig.defaults());
        assertThat(src.trainBags().get(0).instanceLabels()).isNull();
        assertThat(src.trainBags().get(1).instanceLabels()).containsExactly(0, 1);
        assertThat(src.warnings()).containsExactly("a: instance labels dropped (key tiles in a negative slide)");
    }
}
