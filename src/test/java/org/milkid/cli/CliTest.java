package org.milkid.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.milkid.model.EncoderKind;
import org.milkid.model.MilModel;
import org.milkid.model.ModelConfig;
import org.milkid.model.ModelKind;
import org.milkid.model.Provenance;
import org.milkid.util.Versions;
import picocli.CommandLine;

/** Bad input ends with one clear line naming the option or file, a non-zero exit code and no output. */
class CliTest {
    @TempDir
    Path dir;

    private record Run(int code, String err) {
    }

    private Run run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        cl.setOut(new PrintWriter(new StringWriter()));
        int code = cl.execute(args);
        return new Run(code, err.toString().trim());
    }

    private static void assertOneLine(Run r, String... fragments) {
        assertThat(r.code()).isEqualTo(Main.USER_ERROR);
        assertThat(r.err().lines().count()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).startsWith("milkid: ");
        for (String f : fragments) {
            assertThat(r.err()).contains(f);
        }
    }

    @Test
    void negativeLearningRateIsRefused() {
        Path out = dir.resolve("m");
        assertOneLine(run("train", "--lr", "-0.001", "--grid", "2", "--out", out.toString()), "--lr");
        assertThat(out).doesNotExist();
    }

    @Test
    void unknownDatasetAndMethodAreRefused() {
        assertOneLine(run("train", "--dataset", "cifar", "--out", dir.resolve("m").toString()), "unknown data set 'cifar'",
                "mnist-bags");
        assertOneLine(run("detect", "--model", dir.toString(), "--method", "magic", "--out", dir.resolve("o").toString()),
                "unknown method 'magic'");
    }

    @Test
    void corruptModelIsRefusedAndNothingIsWritten() throws IOException {
        Path model = dir.resolve("model");
        try (MilModel m = MilModel.create(ModelConfig.of(ModelKind.ATTENTION, EncoderKind.LENET), 1)) {
            m.save(model, new Provenance("mnist-bags", "fp", 1, Map.of(), Versions.all(), "now"));
        }
        Files.write(model.resolve("milkid-0000.params"), new byte[] {1, 2, 3});
        Path out = dir.resolve("out");
        assertOneLine(run("detect", "--model", model.toString(), "--out", out.toString()), "milkid-0000.params");
        assertThat(out).doesNotExist();
    }

    @Test
    void modelWithoutDataSetIsRefused() throws IOException {
        Path model = dir.resolve("model");
        try (MilModel m = MilModel.create(ModelConfig.of(ModelKind.ATTENTION, EncoderKind.LENET), 1)) {
            m.save(model, new Provenance("mnist-bags", "fp", 1, Map.of(), Versions.all(), "now"));
        }
        assertOneLine(run("detect", "--model", model.toString(), "--out", dir.resolve("o").toString()),
                "records no data set");
    }

    @Test
    void truncatedMnistFileIsRefusedWithItsName() throws IOException {
        Path mnist = dir.resolve("mnist");
        Files.createDirectories(mnist);
        for (String f : new String[] {"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
                "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"}) {
            byte[] all = Files.readAllBytes(Path.of("data", "mnist", f));
            Files.write(mnist.resolve(f), f.startsWith("train-images") ? java.util.Arrays.copyOf(all, all.length / 2) : all);
        }
        Path out = dir.resolve("demo");
        assertOneLine(run("demo", "--mnist-dir", mnist.toString(), "--out", out.toString()),
                "train-images-idx3-ubyte.gz", "truncated");
        assertThat(out).doesNotExist();
    }

    @Test
    void badOptionValuesGiveOneLine() {
        Run r = run("train", "--epochs", "many", "--out", "x");
        assertThat(r.code()).isEqualTo(Main.USER_ERROR);
        assertThat(r.err().lines().findFirst().orElse("")).contains("--epochs").contains("many");
    }
}
