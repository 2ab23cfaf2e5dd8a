package org.milkid.data.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.milkid.bag.Bag;

class ImageGridSourceTest {
    private static final int TISSUE = 0x8C5078;
    private static final int WHITE = 0xFFFFFF;

    @TempDir
    Path dir;

    private Path writePng(String name, int width, int height, int rgb) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int r = 0; r < height; r++) {
            for (int c = 0; c < width; c++) {
                image.setRGB(c, r, rgb);
            }
        }
        Path file = dir.resolve(name);
        assertThat(ImageIO.write(image, "png", file.toFile())).isTrue();
        return file;
    }

    private void csv(String text) throws IOException {
        Files.writeString(dir.resolve("labels.csv"), text);
    }

    // ---- PatchGrid rules, on in-memory images ----

    private static RgbImage image(int height, int width, int rgb) {
        int[] p = new int[height * width];
        java.util.Arrays.fill(p, rgb);
        return RgbImage.of(height, width, p);
    }

    @Test
    void gridDropsTheBorderRemainder() {
        PatchGrid.Cut cut = new PatchGrid(PatchGrid.Options.of(16)).cut(image(50, 70, TISSUE), null);

        assertThat(cut.size()).isEqualTo(3 * 4);
        assertThat(cut.pixels()).hasSize(12 * 3 * 16 * 16);
        assertThat(cut.row(11)).isEqualTo(32);
        assertThat(cut.col(11)).isEqualTo(48);
        assertThat(cut.instanceLabels()).isNull();
        assertThat(cut.pixels()[0]).isEqualTo(0x8C / 255f);
        assertThat(cut.pixels()[256]).isEqualTo(0x50 / 255f);
        assertThat(cut.pixels()[512]).isEqualTo(0x78 / 255f);
    }

    @Test
    void whiteFilterDropsFromTheFractionOnAndUsesTheLevel() {
        // four 32x32 patches side by side with 768 (= 75%), 767 white pixels, near-white
        // (199 in one channel) and white at exactly the level (200, 200, 200)
        int[] p = new int[32 * 128];
        for (int r = 0; r < 32; r++) {
            for (int c = 0; c < 128; c++) {
                int inPatch = r * 32 + (c % 32);
                int v = switch (c / 32) {
                    case 0 -> inPatch < 768 ? WHITE : TISSUE;
                    case 1 -> inPatch < 767 ? WHITE : TISSUE;
                    case 2 -> 0xC7FFFF;
                    default -> 0xC8C8C8;
                };
                p[r * 128 + c] = v;
            }
        }
        RgbImage img = RgbImage.of(32, 128, p);

        PatchGrid.Cut cut = new PatchGrid(PatchGrid.Options.breast()).cut(img, null);
        assertThat(cut.size()).isEqualTo(2);
        assertThat(cut.col(0)).isEqualTo(32);
        assertThat(cut.col(1)).isEqualTo(64);

        PatchGrid.Cut all = new PatchGrid(PatchGrid.Options.unfiltered(32)).cut(img, null);
        assertThat(all.size()).isEqualTo(4);
        assertThat(PatchGrid.Options.unfiltered(32).filtersWhite()).isFalse();
    }

    @Test
    void optionsAreValidated() {
        assertThat(PatchGrid.Options.breast()).isEqualTo(new PatchGrid.Options(32, 200, 0.75, 0.10));
        assertThatThrownBy(() -> new PatchGrid.Options(0, 200, 0.75, 0.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PatchGrid.Options(32, 256, 0.75, 0.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PatchGrid.Options(32, 200, 0.0, 0.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PatchGrid.Options(32, 200, 1.5, 0.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PatchGrid.Options(32, 200, 0.75, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cutWithoutPatchesGivesNoBagAndAWarning() {
        List<String> warnings = new ArrayList<>();
        PatchGrid grid = new PatchGrid(PatchGrid.Options.of(32));

        assertThat(grid.cut(image(20, 40, TISSUE), null).toBag("small", 0, warnings)).isEmpty();
        assertThat(grid.cut(image(64, 64, WHITE), null).toBag("white", 0, warnings)).isEmpty();
        assertThat(warnings).hasSize(2);
        assertThat(warnings.get(0)).startsWith("small").contains("smaller");
        assertThat(warnings.get(1)).startsWith("white").contains("white");
    }

    // ---- the source ----

    @Test
    void readsTheCsvInOrderWithOptionalMasks() throws IOException {
        writePng("a.png", 64, 32, TISSUE);
        writePng("b.png", 64, 32, TISSUE);
        writePng("b_mask.png", 64, 32, 0x000000);
        writePng("c.png", 64, 64, TISSUE);
        writePng("c_mask.png", 64, 64, 0xFF0000);
        csv("Image, Label ,mask\n a.png ,0,\n\nb.png,0,b_mask.png\r\nc.png,1,c_mask.png\n");

        ImageGridSource source = ImageGridSource.load(dir, PatchGrid.Options.of(32));

        List<Bag> bags = source.trainBags();
        assertThat(bags).extracting(Bag::id).containsExactly("a.png", "b.png", "c.png");
        assertThat(bags).extracting(Bag::label).containsExactly(0, 0, 1);
        assertThat(bags).extracting(Bag::size).containsExactly(2, 2, 4);
        assertThat(bags.get(0).hasInstanceLabels()).isFalse();
        assertThat(bags.get(1).instanceLabels()).containsExactly(0, 0);
        assertThat(bags.get(2).instanceLabels()).containsExactly(1, 1, 1, 1);
        assertThat(source.testBags()).isEmpty();
        assertThat(source.warnings()).isEmpty();
        assertThat(source.name()).isEqualTo("image-grid");
        assertThat(source.fingerprint()).matches("[0-9a-f]{64}");
    }

    @Test
    void columnsMayComeInAnyOrderWithoutMask() throws IOException {
        writePng("a.png", 32, 32, TISSUE);
        csv("label,image\n1,a.png\n");

        List<Bag> bags = ImageGridSource.load(dir, PatchGrid.Options.of(16)).trainBags();

        assertThat(bags).singleElement().extracting(Bag::label).isEqualTo(1);
        assertThat(bags.get(0).size()).isEqualTo(4);
    }

    @Test
    void gridAndWhiteFilterApply() throws IOException {
        BufferedImage image = new BufferedImage(80, 40, BufferedImage.TYPE_INT_RGB);
        for (int r = 0; r < 40; r++) {
            for (int c = 0; c < 80; c++) {
                image.setRGB(c, r, c < 40 ? WHITE : TISSUE);
            }
        }
        ImageIO.write(image, "png", dir.resolve("half.png").toFile());
        csv("image,label\nhalf.png,1\n");

        Bag filtered = ImageGridSource.load(dir, PatchGrid.Options.of(20)).trainBags().get(0);
        Bag all = ImageGridSource.load(dir, PatchGrid.Options.unfiltered(20)).trainBags().get(0);

        assertThat(filtered.size()).isEqualTo(4); // 2 rows x 2 tissue columns of 4 columns
        assertThat(filtered.layout().col(0)).isEqualTo(40);
        assertThat(all.size()).isEqualTo(8);
    }

    @Test
    void mismatchingMaskIsDroppedWithAWarning() throws IOException {
        writePng("a.png", 32, 32, TISSUE);
        writePng("m.png", 32, 32, 0);
        csv("image,label,mask\na.png,1,m.png\n");

        ImageGridSource source = ImageGridSource.load(dir, PatchGrid.Options.of(16));

        assertThat(source.trainBags().get(0).hasInstanceLabels()).isFalse();
        assertThat(source.trainBags().get(0).label()).isEqualTo(1);
        assertThat(source.warnings()).singleElement().asString().startsWith("a.png");
    }

    @Test
    void badCsvIsRefusedWithFileAndLine() throws IOException {
        writePng("a.png", 32, 32, TISSUE);
        PatchGrid.Options grid = PatchGrid.Options.of(16);

        assertThatThrownBy(() -> ImageGridSource.load(dir, grid)).isInstanceOf(IOException.class)
                .hasMessageContaining("labels.csv").hasMessageContaining("not found");

        csv("image,label\na.png,0\n\na.png,2\n");
        assertThatThrownBy(() -> ImageGridSource.load(dir, grid)).isInstanceOf(IOException.class)
                .hasMessageContaining("labels.csv line 4").hasMessageContaining("'2'");

        csv("image,label\na.png,0,extra\n");
        assertThatThrownBy(() -> ImageGridSource.load(dir, grid)).isInstanceOf(IOException.class)
                .hasMessageContaining("labels.csv line 2").hasMessageContaining("got 3");

        csv("image,label\nb.png,1\n");
        assertThatThrownBy(() -> ImageGridSource.load(dir, grid)).isInstanceOf(IOException.class)
                .hasMessageContaining("labels.csv line 2").hasMessageContaining("b.png");

        csv("image,label,mask\na.png,1,nomask.png\n");
        assertThatThrownBy(() -> ImageGridSource.load(dir, grid)).isInstanceOf(IOException.class)
                .hasMessageContaining("labels.csv line 2").hasMessageContaining("nomask.png");

        csv("file,label\na.png,1\n");
        assertThatThrownBy(() -> ImageGridSource.load(dir, grid)).isInstanceOf(IOException.class)
                .hasMessageContaining("labels.csv line 1").hasMessageContaining("'file'");

        csv("label\n1\n");
        assertThatThrownBy(() -> ImageGridSource.load(dir, grid)).isInstanceOf(IOException.class)
                .hasMessageContaining("labels.csv line 1");

        csv("image,label\na.png,1\na.png,0\n");
        assertThatThrownBy(() -> ImageGridSource.load(dir, grid)).isInstanceOf(IOException.class)
                .hasMessageContaining("labels.csv line 3").hasMessageContaining("twice");

        csv("image,label\n");
        assertThatThrownBy(() -> ImageGridSource.load(dir, grid)).isInstanceOf(IOException.class)
                .hasMessageContaining("no images");
    }

    @Test
    void undecodableImageIsNamed() throws IOException {
        Files.writeString(dir.resolve("broken.png"), "not an image");
        csv("image,label\nbroken.png,0\n");

        assertThatThrownBy(() -> ImageGridSource.load(dir, PatchGrid.Options.of(16)))
                .isInstanceOf(IOException.class).hasMessageContaining("broken.png");
    }
}
