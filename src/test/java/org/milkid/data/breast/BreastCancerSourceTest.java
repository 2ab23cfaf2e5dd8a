package org.milkid.data.breast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.milkid.bag.Bag;

class BreastCancerSourceTest {
    private static final int TISSUE = 0xB4648C; // (180, 100, 140): not white
    private static final int WHITE = 0xFFFFFF;

    @TempDir
    Path dir;

    private interface Painter {
        int rgb(int row, int col);
    }

    private Path writeTiff(String name, int width, int height, Painter painter) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int r = 0; r < height; r++) {
            for (int c = 0; c < width; c++) {
                image.setRGB(c, r, painter.rgb(r, c));
            }
        }
        Path file = dir.resolve(name);
        assertThat(ImageIO.write(image, "tif", file.toFile())).isTrue();
        return file;
    }

    private Path writeMask(String name, int width, int height, Painter painter) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        for (int r = 0; r < height; r++) {
            for (int c = 0; c < width; c++) {
                image.getRaster().setSample(c, r, 0, painter.rgb(r, c));
            }
        }
        Path file = dir.resolve(name);
        String format = name.endsWith(".png") ? "png" : "tif";
        assertThat(ImageIO.write(image, format, file.toFile())).isTrue();
        return file;
    }

    @Test
    void fullImageGivesTheWholeGrid() throws IOException {
        writeTiff("ytma10_010704_benign1_ccd.tif", 896, 768, (r, c) -> TISSUE ^ ((r * 7 + c) & 0x1F));

        BreastCancerSource source = BreastCancerSource.load(dir);

        assertThat(source.trainBags()).hasSize(1);
        Bag bag = source.trainBags().get(0);
        assertThat(bag.id()).isEqualTo("ytma10_010704_benign1_ccd");
        assertThat(bag.shape()).containsExactly(28 * 24, 3, 32, 32);
        assertThat(bag.label()).isZero();
        assertThat(bag.hasInstanceLabels()).isFalse();
        assertThat(bag.layout().imageHeight()).isEqualTo(768);
        assertThat(bag.layout().imageWidth()).isEqualTo(896);
        // row-major grid: patch 29 is grid row 1, grid column 1
        assertThat(bag.layout().row(29)).isEqualTo(32);
        assertThat(bag.layout().col(29)).isEqualTo(32);
        assertThat(bag.layout().row(671)).isEqualTo(23 * 32);
        assertThat(bag.layout().col(671)).isEqualTo(27 * 32);
        // pixel (y=5, x=7) of patch 29 is image pixel (37, 39); channel order R, G, B
        int rgb = TISSUE ^ ((37 * 7 + 39) & 0x1F);
        float[] patch = bag.instance(29);
        assertThat(patch[5 * 32 + 7]).isEqualTo(((rgb >> 16) & 0xFF) / 255f);
        assertThat(patch[1024 + 5 * 32 + 7]).isEqualTo(((rgb >> 8) & 0xFF) / 255f);
        assertThat(patch[2048 + 5 * 32 + 7]).isEqualTo((rgb & 0xFF) / 255f);
        assertThat(source.testBags()).isEmpty();
        assertThat(source.fingerprint()).matches("[0-9a-f]{64}");
    }

    @Test
    void whiteHalfIsDroppedExactly() throws IOException {
        writeTiff("a_malignant1_ccd.tif", 896, 768, (r, c) -> c < 448 ? WHITE : TISSUE);

        Bag bag = BreastCancerSource.load(dir).trainBags().get(0);

        assertThat(bag.size()).isEqualTo(24 * 14);
        for (int k = 0; k < bag.size(); k++) {
            assertThat(bag.layout().col(k)).isGreaterThanOrEqualTo(448);
        }
        assertThat(bag.label()).isEqualTo(1);
    }

    @Test
    void labelsComeFromTheNames() throws IOException {
        writeTiff("ytma12_010804_Benign2_ccd.tif", 64, 64, (r, c) -> TISSUE);
        writeTiff("ytma12_010804_malignant3_ccd.tiff", 64, 64, (r, c) -> TISSUE);

        List<Bag> bags = BreastCancerSource.load(dir).trainBags();

        assertThat(bags).extracting(Bag::id)
                .containsExactly("ytma12_010804_Benign2_ccd", "ytma12_010804_malignant3_ccd");
        assertThat(bags).extracting(Bag::label).containsExactly(0, 1);
        assertThat(bags.get(0).size()).isEqualTo(4);
    }

    @Test
    void nameWithoutLabelIsRefused() throws IOException {
        writeTiff("ytma10_010704_benign1_ccd.tif", 64, 64, (r, c) -> TISSUE);
        writeTiff("ytma10_010704_unknown1_ccd.tif", 64, 64, (r, c) -> TISSUE);

        assertThatThrownBy(() -> BreastCancerSource.load(dir))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("ytma10_010704_unknown1_ccd.tif");
        assertThatThrownBy(() -> BreastCancerSource.labelFromName(Path.of("benign_malignant.tif")))
                .isInstanceOf(IOException.class).hasMessageContaining("both");
    }

    @Test
    void masksGiveInstanceLabels() throws IOException {
        // 96 x 64 image: grid 2 rows x 3 columns of 32x32 patches
        writeTiff("x_malignant1_ccd.tif", 96, 64, (r, c) -> TISSUE);
        // patch (0,0): fully marked; patch (0,1): 103 of 1024 pixels marked (>= 10%);
        // patch (0,2): 102 pixels (< 10%); patch (1,0): marked with a dark grey value 1
        writeMask("x_malignant1_ccd_mask.png", 96, 64, (r, c) -> {
            if (r < 32 && c < 32) {
                return 255;
            }
            int inPatch = (r % 32) * 32 + (c % 32);
            if (r < 32 && c < 64) {
                return inPatch < 103 ? 255 : 0;
            }
            if (r < 32) {
                return inPatch < 102 ? 255 : 0;
            }
            return r < 64 && c < 32 ? 1 : 0;
        });
        writeTiff("y_benign1_ccd.tif", 64, 32, (r, c) -> TISSUE);
        writeMask("y_benign1_ccd_mask.tif", 64, 32, (r, c) -> 0);
        writeTiff("z_benign2_ccd.tif", 64, 32, (r, c) -> TISSUE); // no mask

        BreastCancerSource source = BreastCancerSource.load(dir);

        List<Bag> bags = source.trainBags();
        assertThat(bags).extracting(Bag::id).containsExactly("x_malignant1_ccd", "y_benign1_ccd", "z_benign2_ccd");
        assertThat(bags.get(0).instanceLabels()).containsExactly(1, 1, 0, 1, 0, 0);
        assertThat(bags.get(1).instanceLabels()).containsExactly(0, 0);
        assertThat(bags.get(2).hasInstanceLabels()).isFalse();
        assertThat(source.warnings()).isEmpty();
    }

    @Test
    void maskDisagreeingWithTheNameIsDroppedWithAWarning() throws IOException {
        writeTiff("p_malignant1_ccd.tif", 64, 32, (r, c) -> TISSUE);
        writeMask("p_malignant1_ccd_mask.png", 64, 32, (r, c) -> 0); // marks nothing
        writeTiff("q_benign1_ccd.tif", 64, 32, (r, c) -> TISSUE);
        writeMask("q_benign1_ccd_mask.png", 64, 32, (r, c) -> 255); // marks everything

        BreastCancerSource source = BreastCancerSource.load(dir);

        assertThat(source.trainBags()).extracting(Bag::label).containsExactly(1, 0);
        assertThat(source.trainBags()).noneMatch(Bag::hasInstanceLabels);
        assertThat(source.warnings()).hasSize(2);
        assertThat(source.warnings().get(0)).startsWith("p_malignant1_ccd").contains("instance labels dropped");
        assertThat(source.warnings().get(1)).startsWith("q_benign1_ccd");
    }

    @Test
    void wrongMaskSizeNamesTheMask() throws IOException {
        writeTiff("p_malignant1_ccd.tif", 64, 32, (r, c) -> TISSUE);
        writeMask("p_malignant1_ccd_mask.png", 32, 32, (r, c) -> 255);

        assertThatThrownBy(() -> BreastCancerSource.load(dir))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("p_malignant1_ccd_mask.png");
    }

    @Test
    void allWhiteImageIsSkippedWithAWarning() throws IOException {
        writeTiff("a_benign1_ccd.tif", 64, 64, (r, c) -> TISSUE);
        writeTiff("b_benign2_ccd.tif", 64, 64, (r, c) -> WHITE);

        BreastCancerSource source = BreastCancerSource.load(dir);

        assertThat(source.trainBags()).extracting(Bag::id).containsExactly("a_benign1_ccd");
        assertThat(source.warnings()).singleElement().asString().startsWith("b_benign2_ccd");
    }

    @Test
    void emptyFolderIsRefused() {
        assertThatThrownBy(() -> BreastCancerSource.load(dir)).isInstanceOf(IOException.class)
                .hasMessageContaining("no .tif");
    }
}
