package org.milkid.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.milkid.experiment.ExperimentSummary;
import org.milkid.experiment.FoldResult;
import org.milkid.experiment.TinyExperiment;
import org.milkid.util.Json;

/**
 * results.json decoded and encoded again is the same file, byte for byte: on the hand-made fixtures
 * under {@code src/test/resources/results-fixture} (an experiment with a KID study, a demo with
 * bootstrap intervals, a histology experiment without instance labels) and on the output of the tiny
 * experiment; and folds.csv rebuilt from a fixture's run checkpoints is the committed one.
 */
class ResultsCodecTest {
    private static final Path FIXTURES = Path.of("src/test/resources/results-fixture");

    @ParameterizedTest
    @ValueSource(strings = {"experiment", "demo", "colon", "study/grid-4"})
    void decodeThenEncodeGivesTheSameBytes(String fixture, @TempDir Path tmp) throws IOException {
        Path file = FIXTURES.resolve(fixture).resolve(ResultsCodec.FILE);
        Results r = ResultsCodec.read(file);
        assertThat(r).isInstanceOf(fixture.equals("demo") ? DemoResults.class : ExperimentResults.class);
        assertSameBytes(file, r, tmp);
    }

    @Test
    @Tag("slow")
    void theTinyExperimentsResultsSurviveDecodeAndEncode(@TempDir Path tmp) throws IOException {
        Path file = TinyExperiment.output().resolve(ResultsCodec.FILE);
        ExperimentResults r = (ExperimentResults) ResultsCodec.read(file);
        assertThat(r.table().methods()).extracting(MethodResults::name).containsExactly("Att", "Att+sparse", "Inst+max");
        assertSameBytes(file, r, tmp);
    }

    @Test
    void decodedFiguresAreTheFilesNumbers() throws IOException {
        ExperimentResults r = (ExperimentResults) ResultsCodec.read(FIXTURES.resolve("experiment/results.json"));
        MethodResults sparse = r.table().method("Att+sparse");
        assertThat(sparse.perLambda()).extracting(LambdaRow::lambda).containsExactly(0.0005f, 0.002f);
        assertThat(sparse.perLambda().get(0).decimal()).isEqualTo(0.0005);
        assertThat(r.table().method("Att").lambda()).isNull();
        assertThat(r.table().method("Att").kid().f1().n()).isEqualTo(4);
        assertThat(r.table().method("Att").kid().f1().ci95()).isNotNull();
        assertThat(r.kidStudy().devBags()).isEqualTo(12);
        StudyRow alone = r.kidStudy().methods().stream().filter(m -> m.name().equals("Att-alone")).findFirst()
                .orElseThrow();
        assertThat(alone.selection()).isEqualTo(StudyRow.Selection.DEVELOPMENT);
        assertThat(alone.devF1()).isNotNull();
        assertThat(r.data().test().bags()).isEqualTo(32);
        assertThat(r.table().bootstrap()).isNull();
        DemoResults d = (DemoResults) ResultsCodec.read(FIXTURES.resolve("demo/results.json"));
        assertThat(d.table().bootstrap()).isEqualTo(new BagBootstrap(200, 99));
        assertThat(d.table().method("Att+sparse").inversionIterations()).isEqualTo(50);
        assertThat(d.table().method("Att").inversionIterations()).isNull();
        assertThat(d.testBags()).isEqualTo(new DemoResults.TestBags(6, 4, 8));
    }

    @Test
    void anIncompleteFileIsRefusedByName(@TempDir Path tmp) throws IOException {
        JsonObject tree = Json.read(FIXTURES.resolve("experiment/results.json")).getAsJsonObject();
        tree.getAsJsonObject("methods").getAsJsonObject("Att").remove("bagAuc");
        Path file = tmp.resolve(ResultsCodec.FILE);
        Json.write(file, tree);
        assertThatThrownBy(() -> ResultsCodec.read(file)).isInstanceOf(IOException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("bagAuc");
    }

    @ParameterizedTest
    @ValueSource(strings = {"experiment", "colon"})
    void foldsCsvFromTheCheckpointsIsTheCommittedOne(String fixture, @TempDir Path tmp) throws IOException {
        Path dir = FIXTURES.resolve(fixture);
        List<FoldResult> runs = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir.resolve("runs"))) {
            for (Path f : files.filter(p -> p.getFileName().toString().matches("r\\d+-f\\d+\\.json")).sorted().toList()) {
                runs.add(FoldResult.read(f));
            }
        }
        Path csv = tmp.resolve("folds.csv");
        ExperimentSummary.writeFoldsCsv(csv, runs);
        assertThat(Files.readAllBytes(csv)).isEqualTo(Files.readAllBytes(dir.resolve("folds.csv")));
    }

    private static void assertSameBytes(Path file, Results r, Path tmp) throws IOException {
        Path again = tmp.resolve("again.json");
        ResultsCodec.write(again, r);
        assertThat(Files.readString(again)).isEqualTo(Files.readString(file));
        assertThat(Files.readAllBytes(again)).isEqualTo(Files.readAllBytes(file));
    }
}
