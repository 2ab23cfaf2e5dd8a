package org.milkid.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.milkid.data.DatasetSpec;
import org.milkid.data.ModelProvenance;
import org.milkid.data.features.FeatureFixtures;
import org.milkid.data.mnist.IdxReaderTest;
import org.milkid.data.mnist.MnistBagsConfig;
import org.milkid.model.EncoderKind;
import org.milkid.model.MilModel;
import org.milkid.model.ModelConfig;
import org.milkid.model.ModelKind;
import org.milkid.model.Provenance;
import org.milkid.util.AtomicFiles;
import org.milkid.util.Json;
import org.milkid.model.Versions;
import picocli.CommandLine;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.Matrix;
import us.hebi.matlab.mat.types.Sink;
import us.hebi.matlab.mat.types.Sinks;

/**
 * Every kind of bad input of issue 8, through the command line: one line on stderr that names the
 * file or option and the problem, exit code 2, no stack trace (unless --verbose), and no output left
 * behind. Each test builds the smallest bad input that shows the case.
 */
class BadInputTest {
    @TempDir
    Path dir;

    record Run(int code, String err) {
    }

    static Run run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        cl.setOut(new PrintWriter(new StringWriter()));
        int code = cl.execute(args);
        return new Run(code, err.toString().trim());
    }

    /** One line "milkid: ..." with every fragment, exit code 2. */
    static void assertRefused(Run r, String... fragments) {
        assertThat(r.code()).as(r.err()).isEqualTo(Main.USER_ERROR);
        assertThat(r.err().lines().count()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).startsWith("milkid: ").doesNotContain("Exception");
        for (String f : fragments) {
            assertThat(r.err()).contains(f);
        }
    }

    private Path out() {
        return dir.resolve("out");
    }

    private void assertNoOutput() {
        assertThat(out()).doesNotExist();
    }

    // ---- MNIST IDX files ----------------------------------------------------------------------

    /** A copy of the bundled MNIST folder in which {@code file} gets {@code bytes} (gzipped). */
    private Path mnistWith(String file, byte[] bytes) throws IOException {
        Path mnist = mnistCopy();
        IdxReaderTest.gz(mnist.resolve(file), bytes);
        return mnist;
    }

    /** A copy of the bundled MNIST folder. */
    private Path mnistCopy() throws IOException {
        Path mnist = Files.createDirectories(dir.resolve("mnist"));
        try (Stream<Path> s = Files.list(Path.of("data", "mnist"))) {
            for (Path p : s.filter(p -> p.toString().endsWith(".gz")).toList()) {
                Files.copy(p, mnist.resolve(p.getFileName()));
            }
        }
        return mnist;
    }

    private Run trainMnist(Path mnist) {
        return run("train", "--mnist-dir", mnist.toString(), "--grid", "2", "--train-bags", "4", "--test-bags", "2",
                "--epochs", "1", "--out", out().toString());
    }

    @Test
    void truncatedIdxNamesTheFile() throws IOException {
        Path mnist = mnistCopy();
        Path images = mnist.resolve("train-images-idx3-ubyte.gz");
        byte[] all = Files.readAllBytes(images);
        Files.write(images, java.util.Arrays.copyOf(all, all.length / 2));
        assertRefused(run("demo", "--mnist-dir", mnist.toString(), "--out", out().toString()),
                "train-images-idx3-ubyte.gz", "truncated");
        assertNoOutput();
    }

    @Test
    void idxWithWrongMagicNamesTheFile() throws IOException {
        byte[] labels = ByteBuffer.allocate(8 + 3).putInt(0x00000999).putInt(3).array();
        Path mnist = mnistWith("t10k-labels-idx1-ubyte.gz", labels);
        assertRefused(trainMnist(mnist), "t10k-labels-idx1-ubyte.gz", "magic");
        assertNoOutput();
    }

    @Test
    void digitsOfAnotherSizeAreRefused() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(16 + 3 * 32 * 32).putInt(0x00000803).putInt(3).putInt(32).putInt(32);
        Path mnist = mnistWith("t10k-images-idx3-ubyte.gz", b.array());
        assertRefused(trainMnist(mnist), "t10k-images-idx3-ubyte.gz", "32x32");
        assertNoOutput();
    }

    @Test
    void imageAndLabelCountMismatchNamesBothCounts() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8 + 5).putInt(0x00000801).putInt(5);
        for (int i = 0; i < 5; i++) {
            b.put((byte) (i % 10));
        }
        Path mnist = mnistWith("t10k-labels-idx1-ubyte.gz", b.array());
        Run r = trainMnist(mnist);
        assertRefused(r, "t10k", "5 labels");
        assertNoOutput();
    }

    // ---- image folders ------------------------------------------------------------------------

    /** An images data set: {@code n} good 64x64 PNGs, labels alternating, plus the given extra rows. */
    private Path imagesWith(String extraName, byte[] extraBytes, int extraLabel) throws IOException {
        Path data = Files.createDirectories(dir.resolve("images"));
        StringBuilder csv = new StringBuilder("image,label\n");
        java.util.Random rng = new java.util.Random(1);
        for (int i = 0; i < 6; i++) {
            BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 64; y++) {
                for (int x = 0; x < 64; x++) {
                    img.setRGB(x, y, rng.nextInt(0xA0A0A0));
                }
            }
            ImageIO.write(img, "png", data.resolve("i" + i + ".png").toFile());
            csv.append("i").append(i).append(".png,").append(i % 2).append('\n');
        }
        Files.write(data.resolve(extraName), extraBytes);
        csv.append(extraName).append(',').append(extraLabel).append('\n');
        Files.writeString(data.resolve("labels.csv"), csv.toString());
        return data;
    }

    private Run trainImages(Path data, String... more) {
        String[] base = {"train", "--dataset", "images", "--data", data.toString(), "--epochs", "1", "--out",
            out().toString()};
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return run(all);
    }

    @Test
    void undecodableImageNamesTheFile() throws IOException {
        Path data = imagesWith("broken.png", "not a png at all".getBytes(StandardCharsets.US_ASCII), 1);
        assertRefused(trainImages(data), "broken.png", "not an image");
        assertNoOutput();
    }

    @Test
    void imageOutsideTheDataFolderIsRefused() throws IOException {
        Path data = imagesWith("unused.png", new byte[0], 1);
        Files.copy(data.resolve("i0.png"), dir.resolve("outside.png"));
        Files.writeString(data.resolve("labels.csv"), "image,label\ni0.png,0\n../outside.png,1\n");
        assertRefused(trainImages(data), "../outside.png", "outside the data folder");
        assertNoOutput();
    }

    @Test
    void imageWithoutAnyPatchIsAnEmptyBagRefusedUnlessSkipped() throws IOException {
        BufferedImage white = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                white.setRGB(x, y, 0xFFFFFF);
            }
        }
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        ImageIO.write(white, "png", png);
        Path data = imagesWith("white.png", png.toByteArray(), 0);
        assertRefused(trainImages(data), "white.png", "empty bag", "--skip-empty");
        assertNoOutput();
        Run skipped = trainImages(data, "--skip-empty");
        assertThat(skipped.code()).as(skipped.err()).isZero();
        assertThat(out().resolve("model.json")).isRegularFile();
    }

    /** A 32x32 one-band float TIFF with the given value at pixel (3, 5) and 0.5 elsewhere. */
    private static byte[] floatTiff(float planted) throws IOException {
        ComponentColorModel cm = new ComponentColorModel(java.awt.color.ColorSpace.getInstance(
                java.awt.color.ColorSpace.CS_GRAY), false, false, java.awt.Transparency.OPAQUE, DataBuffer.TYPE_FLOAT);
        WritableRaster raster = cm.createCompatibleWritableRaster(32, 32);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                raster.setSample(x, y, 0, 0.5f);
            }
        }
        raster.setSample(5, 3, 0, planted);
        BufferedImage img = new BufferedImage(cm, raster, false, null);
        java.io.ByteArrayOutputStream tif = new java.io.ByteArrayOutputStream();
        assertThat(ImageIO.write(img, "tif", tif)).isTrue();
        return tif.toByteArray();
    }

    @Test
    void floatImageWithNaNOrInfinitePixelsNamesTheFileAndPixel() throws IOException {
        Path data = imagesWith("nan.tif", floatTiff(Float.NaN), 1);
        assertRefused(trainImages(data, "--patch-size", "27"), "nan.tif", "NaN", "row 3, column 5");
        assertNoOutput();
        Files.write(data.resolve("nan.tif"), floatTiff(Float.POSITIVE_INFINITY));
        assertRefused(trainImages(data, "--patch-size", "27"), "nan.tif", "Infinity");
        assertNoOutput();
    }

    @Test
    void floatImageWithPixelsOutsideTheUnitRangeNamesTheFile() throws IOException {
        Path data = imagesWith("bright.tif", floatTiff(1.5f), 1);
        assertRefused(trainImages(data, "--patch-size", "27"), "bright.tif", "1.5", "outside [0,1]");
        assertNoOutput();
    }

    // ---- COLON .mat files ---------------------------------------------------------------------

    private Path colonWith(String variable, double[][] rows) throws IOException {
        Path data = dir.resolve("colon");
        for (int i = 1; i <= 4; i++) {
            Path folder = Files.createDirectories(data.resolve("Classification").resolve("img" + i));
            BufferedImage img = new BufferedImage(60, 60, BufferedImage.TYPE_INT_RGB);
            ImageIO.write(img, "bmp", folder.resolve("img" + i + ".bmp").toFile());
            double[][] r = i == 4 ? rows : new double[][] {{10, 10}, {30, 40}};
            Matrix m = Mat5.newMatrix(r.length, 2);
            for (int a = 0; a < r.length; a++) {
                m.setDouble(a, 0, r[a][0]);
                m.setDouble(a, 1, r[a][1]);
            }
            try (Sink sink = Sinks.newStreamingFile(folder.resolve("img" + i + "_epithelial.mat").toFile())) {
                Mat5.newMatFile().addArray(i == 4 ? variable : "detection", m).writeTo(sink);
            }
        }
        return data;
    }

    private Run trainColon(Path data) {
        return run("train", "--dataset", "colon", "--data", data.toString(), "--epochs", "1", "--out",
                out().toString());
    }

    @Test
    void matWithoutDetectionNamesTheFile() throws IOException {
        Path data = colonWith("centres", new double[][] {{5, 5}});
        assertRefused(trainColon(data), "img4_epithelial.mat", "no variable 'detection'");
        assertNoOutput();
    }

    @Test
    void matWithACentreOutsideTheImageNamesTheFileAndRow() throws IOException {
        Path data = colonWith("detection", new double[][] {{5, 5}, {61, 20}});
        assertRefused(trainColon(data), "img4_epithelial.mat", "row 2", "outside");
        assertNoOutput();
    }

    // ---- feature bags (CLAM / TRIDENT HDF5) -----------------------------------------------------

    private Run trainFeatures(Path data, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--dataset", "features", "--data", data.toString(),
                "--epochs", "1", "--out", out().toString()));
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    @Test
    void featureFileWithoutCoordsNamesTheFileAndTheKey() throws IOException {
        Path data = dir.resolve("features");
        FeatureFixtures.cohort(data, 4, 5, 8, 4, 2f, 1);
        Path file = data.resolve("h5_files/slide-002.h5");
        Files.delete(file);
        try (WritableHdfFile h5 = HdfFile.write(file)) {
            h5.putDataset("features", new float[][] {{1f, 2f, 3f, 4f}});
        }
        assertRefused(trainFeatures(data), "slide-002.h5", "no dataset 'coords'");
        assertNoOutput();
    }

    @Test
    void nanFeaturesAndUnknownPositiveLabelsAreRefused() throws IOException {
        Path data = dir.resolve("features");
        FeatureFixtures.cohort(data, 4, 5, 8, 4, 2f, 1);
        assertRefused(trainFeatures(data, "--positive-label", "lymphoma"), "slides.csv", "'lymphoma'");
        FeatureFixtures.write(data.resolve("h5_files/slide-001.h5"), new FeatureFixtures.Slide("slide-001", 1,
                new float[][] {{1f, 2f, Float.NaN, 4f}}, new int[][] {{0, 0}}, null), 1, 256);
        assertRefused(trainFeatures(data), "slide-001.h5", "feature 2 of tile 0", "NaN");
        assertRefused(run("train", "--tile-size", "512", "--out", out().toString()), "--tile-size",
                "--dataset features");
        assertNoOutput();
    }

    private Run experimentFeatures(Path data, String... more) {
        List<String> args = new ArrayList<>(List.of("experiment", "--dataset", "features", "--data", data.toString(),
                "--repeats", "1", "--epochs", "1", "--out", out().toString()));
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    @Test
    void experimentOnAFolderWithoutFeatureFilesNamesTheFolder() throws IOException {
        Path data = dir.resolve("features");
        FeatureFixtures.cohort(data, 4, 5, 8, 4, 2f, 1);
        AtomicFiles.deleteTree(data.resolve("h5_files"));
        assertRefused(experimentFeatures(data), "h5_files", "not found");
        assertNoOutput();
        assertRefused(experimentFeatures(dir.resolve("no-such-cohort")), "no-such-cohort", "slides.csv", "not found");
        assertNoOutput();
    }

    @Test
    void experimentOnSlidesRefusesLabelsAndCohortsItCannotSplit() throws IOException {
        Path data = dir.resolve("features");
        FeatureFixtures.cohort(data, 6, 5, 8, 4, 2f, 1);
        assertRefused(experimentFeatures(data, "--positive-label", "lymphoma"), "slides.csv", "'lymphoma'");
        assertRefused(experimentFeatures(data, "--labels", dir.resolve("other.csv").toString()), "other.csv",
                "not found");
        assertRefused(experimentFeatures(data, "--folds", "4"), "6 bags are too few for 4 folds");
        String csv = Files.readString(data.resolve("slides.csv"));
        Files.writeString(data.resolve("all-tumour.csv"), csv.replace(",normal", ",tumor"));
        assertRefused(experimentFeatures(data, "--labels", data.resolve("all-tumour.csv").toString(), "--folds", "2"),
                "all 6 bags are positive", "both classes");
        assertNoOutput();
    }

    @Test
    void experimentOptionsOfAnotherDataSetAreRefusedByName() {
        Path data = dir.resolve("features");
        assertRefused(run("experiment", "--dataset", "features", "--out", out().toString()), "features", "--data DIR",
                "h5_files");
        assertRefused(run("experiment", "--dataset", "features", "--preset", "paper-colon", "--data", data.toString(),
                "--out", out().toString()), "--preset paper-colon", "colon", "--dataset features");
        assertRefused(run("experiment", "--preset", "quick-mnist", "--positive-label", "tumor", "--out",
                out().toString()), "--positive-label", "--dataset features");
        assertRefused(run("experiment", "--dataset", "features", "--data", data.toString(), "--dev-bags", "4", "--out",
                out().toString()), "--dev-bags");
        assertRefused(run("experiment", "--dataset", "features", "--data", data.toString(), "--grid", "3", "--out",
                out().toString()), "--grid");
        assertRefused(run("experiment", "--dataset", "images", "--data", data.toString(), "--out", out().toString()),
                "--dataset images", "features");
        assertRefused(run("experiment", "--dataset", "features", "--data", data.toString(), "--tile-size", "0",
                "--out", out().toString()), "--tile-size");
        assertNoOutput();
    }

    // ---- options ------------------------------------------------------------------------------

    @Test
    void zeroAndNegativeLearningRatesAreRefused() {
        assertRefused(run("train", "--lr", "0", "--grid", "2", "--out", out().toString()), "--lr", "0");
        assertRefused(run("train", "--lr", "-1e-3", "--grid", "2", "--out", out().toString()), "--lr");
        assertNoOutput();
    }

    @Test
    void negativeLambdaIsRefused() throws IOException {
        Path model = savedModel(dir.resolve("model"));
        assertRefused(run("detect", "--model", model.toString(), "--method", "sparse", "--lambda", "-0.001", "--out",
                out().toString()), "--lambda", "-0.001");
        assertRefused(run("experiment", "--lambdas", "0.001,-0.5", "--out", out().toString(), "--dry-run"),
                "--lambdas", "-0.5");
        assertRefused(run("experiment", "--max-runs", "-1", "--out", out().toString(), "--dry-run"),
                "--max-runs", "-1");
        assertNoOutput();
    }

    @Test
    void thresholdOutsideTheUnitIntervalIsRefused() throws IOException {
        Path model = savedModel(dir.resolve("model"));
        assertRefused(run("detect", "--model", model.toString(), "--threshold", "1.5", "--out", out().toString()),
                "--threshold", "1.5");
        assertRefused(run("detect", "--model", model.toString(), "--threshold", "NaN", "--out", out().toString()),
                "--threshold", "NaN");
        assertNoOutput();
    }

    @Test
    void unknownDataSetAndMethodAreRefused() throws IOException {
        assertRefused(run("train", "--dataset", "cifar", "--out", out().toString()), "unknown data set 'cifar'");
        assertRefused(run("detect", "--model", savedModel(dir.resolve("m")).toString(), "--method", "magic", "--out",
                out().toString()), "unknown method 'magic'");
        assertRefused(run("experiment", "--preset", "paper-cifar", "--out", out().toString()), "unknown preset");
        assertNoOutput();
    }

    // ---- model folders ------------------------------------------------------------------------

    private static Path savedModel(Path where) throws IOException {
        try (MilModel m = MilModel.create(ModelConfig.of(ModelKind.ATTENTION, EncoderKind.LENET), 1)) {
            m.save(where, new Provenance("mnist-bags", "fp", 1, Map.of(ModelProvenance.DATA_KEY,
                    DatasetSpec.mnist(new MnistBagsConfig(2, 9, 4, 2, 1, null))), Versions.all(), "now"));
        }
        return where;
    }

    @Test
    void modelWithoutADataSetIsRefused() throws IOException {
        Path model = dir.resolve("model");
        try (MilModel m = MilModel.create(ModelConfig.of(ModelKind.ATTENTION, EncoderKind.LENET), 1)) {
            m.save(model, new Provenance("mnist-bags", "fp", 1, Map.of(), Versions.all(), "now"));
        }
        assertRefused(detect(model), "records no data set");
        assertNoOutput();
    }

    private Run detect(Path model) {
        return run("detect", "--model", model.toString(), "--out", out().toString());
    }

    @Test
    void missingModelFolderIsNamed() {
        Path missing = dir.resolve("no-such-model");
        assertRefused(detect(missing), "no-such-model",
                "no such model folder");
        assertNoOutput();
    }

    @Test
    void benchOnAMissingModelOrWithNoBagsIsRefused() throws IOException {
        assertRefused(run("bench", "--fista-model", dir.resolve("no-such-model").toString(), "--out", out().toString()),
                "no-such-model", "no such model folder");
        assertNoOutput();
        Path model = savedModel(dir.resolve("model"));
        assertRefused(run("bench", "--fista-model", model.toString(), "--bags", "0", "--out", out().toString()),
                "--bags", "at least 1");
        assertNoOutput();
    }

    @Test
    void modelWithOneFlippedByteFailsItsChecksum() throws IOException {
        Path model = savedModel(dir.resolve("model"));
        Path params = model.resolve("milkid-0000.params");
        byte[] bytes = Files.readAllBytes(params);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(params, bytes);
        assertRefused(detect(model), "milkid-0000.params",
                "checksum");
        assertNoOutput();
    }

    @Test
    void modelBuiltForAnotherArchitectureIsRefused() throws IOException {
        Path model = savedModel(dir.resolve("model"));
        Path json = model.resolve("model.json");
        JsonObject o = Json.read(json).getAsJsonObject();
        o.getAsJsonObject("config").addProperty("attentionDim", 64);
        Files.writeString(json, Json.gson().toJson(o));
        assertRefused(detect(model), "model.json");
        assertNoOutput();
    }

    // ---- output folders and result files -------------------------------------------------------

    @Test
    void outputThatCannotBeAFolderIsRefusedBeforeAnyWork() throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertRefused(run("train", "--grid", "2", "--out", file.resolve("model").toString()), "--out", "a-file",
                "not writable");
        assertRefused(run("demo", "--out", file.toString()), "--out", "a-file", "not a folder");
        assertRefused(run("experiment", "--out", file.resolve("x").toString(), "--dry-run"), "--out", "a-file");
        assertThat(Files.readString(file)).isEqualTo("x");
    }

    @Test
    void resultsFromANewerFormatAreRefused() throws IOException {
        Path results = Files.createDirectories(dir.resolve("results"));
        Files.writeString(results.resolve("results.json"), "{\"format\": 99, \"dataset\": \"mnist-bags\"}");
        assertRefused(run("report", "--results", results.toString()), "results.json", "format 99", "newer");
        assertThat(results.resolve("report.html")).doesNotExist();
    }

    // ---- error reporting -------------------------------------------------------------------------

    @Test
    void badOptionValuesNameTheOption() {
        Run r = run("train", "--epochs", "many", "--out", out().toString());
        assertRefused(r, "--epochs", "many");
        assertNoOutput();
    }

    @Test
    void verboseAddsTheStackTraceToAUserError() {
        Run quiet = run("train", "--dataset", "cifar", "--out", out().toString());
        Run verbose = run("--verbose", "train", "--dataset", "cifar", "--out", out().toString());
        assertThat(quiet.err().lines().count()).isEqualTo(1);
        assertThat(verbose.code()).isEqualTo(Main.USER_ERROR);
        assertThat(verbose.err()).startsWith(quiet.err()).contains("at org.milkid");
    }

    @Test
    void anInternalFailureExitsWithOne() throws Exception {
        CommandLine cl = Main.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        int code = cl.getExecutionExceptionHandler().handleExecutionException(new IllegalStateException("boom"), cl,
                null);
        assertThat(code).isEqualTo(Main.FAILURE);
        assertThat(err.toString()).startsWith("milkid: internal error: ").contains("boom");
    }
}
