package org.milkid.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.milkid.detect.KidMethod;
import org.milkid.eval.KidResult;
import org.milkid.eval.KidScores;
import org.milkid.results.MethodResults;
import org.milkid.results.StudyRow;

class KidChoiceTest {

    private static KidResult kid(double f1At1, double f1At2) {
        List<KidScores.Prf> prf = List.of(new KidScores.Prf(0.1, 0.5, 0.5, f1At1), new KidScores.Prf(0.2, 0.5, 0.5, f1At2));
        return new KidResult(prf, f1At1 >= f1At2 ? prf.get(0) : prf.get(1), 0.5, 0.5, 0.5, Double.NaN, 1, 2);
    }

    /** A sweeping method's run: per-lambda scores, its own KID scores at {@code own}. */
    private static FoldResult.Figures run(float own, List<FoldResult.LambdaScores> perLambda) {
        KidResult k = perLambda.stream().filter(l -> l.lambda() == own).findFirst().orElseThrow().kid();
        return new FoldResult.Figures("Att+sparse-fista", 1, 1, k, own, perLambda, 1, FoldResult.ON_DEVELOPMENT, 0.1,
                0.5);
    }

    @Test
    void aLambdaEveryRunScoredIsChosenByMeanF1() {
        FoldResult.Figures a = run(0.001f, List.of(new FoldResult.LambdaScores(0.001f, kid(0.4, 0.6)),
                new FoldResult.LambdaScores(0.002f, kid(0.5, 0.9))));
        FoldResult.Figures b = run(0.002f, List.of(new FoldResult.LambdaScores(0.001f, kid(0.4, 0.6)),
                new FoldResult.LambdaScores(0.002f, kid(0.5, 0.7))));
        KidChoice c = KidChoice.of(List.of(a, b));
        assertThat(c.lambdaPerRun()).isFalse();
        assertThat(c.lambda()).isEqualTo(0.002f);
        assertThat(c.threshold()).isEqualTo(0.2);
        assertThat(c.of(a).perThreshold().get(1).f1()).isEqualTo(0.9);
    }

    @Test
    void runsThatEachScoredOnlyTheirOwnLambdaKeepItAndShareTheThreshold() {
        // each run scored its test bags at the lambda its development bags chose: no lambda in common
        FoldResult.Figures a = run(0.001f, List.of(new FoldResult.LambdaScores(0.001f, kid(0.8, 0.2))));
        FoldResult.Figures b = run(0.003f, List.of(new FoldResult.LambdaScores(0.003f, kid(0.5, 0.6))));
        KidChoice c = KidChoice.of(List.of(a, b));
        assertThat(c.lambdaPerRun()).isTrue();
        assertThat(c.lambda()).isNaN();
        assertThat(c.threshold()).isEqualTo(0.1); // mean F1 0.65 at 0.1 against 0.4 at 0.2
        assertThat(c.of(a)).isSameAs(a.kid());
        assertThat(c.of(b)).isSameAs(b.kid());
        // folds.csv marks each run's row at its own lambda and the shared threshold, and no other
        assertThat(c.is(0.001, 0.001, 0.1)).isTrue();
        assertThat(c.is(0.003, 0.003, 0.1)).isTrue();
        assertThat(c.is(0.003, 0.001, 0.1)).isFalse();
        assertThat(c.is(0.001, 0.001, 0.2)).isFalse();
        List<String> rows = ExperimentSummary.rows(b, c);
        assertThat(rows).hasSize(2);
        assertThat(rows.stream().filter(r -> r.endsWith(",1")).toList()).hasSize(1).allMatch(r -> r.contains(",0.1,"));
    }

    /** A paper's sweeping method's run, chosen on the test bags: its own KID scores at its best lambda. */
    private static FoldResult.Figures paperRun(float own, List<FoldResult.LambdaScores> perLambda) {
        KidResult k = perLambda.stream().filter(l -> l.lambda() == own).findFirst().orElseThrow().kid();
        return new FoldResult.Figures("Att+sparse", 1, 1, k, own, perLambda, 1, FoldResult.ON_TEST, Double.NaN,
                Double.NaN);
    }

    @Test
    void theKidStudysPaperRowsAreTheKidTablesOneChoiceNotEachRunsBestLambda() {
        // run a does best at lambda 0.002 (F1 0.9), run b at 0.001 (0.8); over both runs 0.001 with t = 0.2
        // has the best mean F1 (0.7 against 0.65): the paper's one choice per method and data set
        FoldResult.Figures a = paperRun(0.002f, List.of(new FoldResult.LambdaScores(0.001f, kid(0.4, 0.6)),
                new FoldResult.LambdaScores(0.002f, kid(0.5, 0.9))));
        FoldResult.Figures b = paperRun(0.001f, List.of(new FoldResult.LambdaScores(0.001f, kid(0.7, 0.8)),
                new FoldResult.LambdaScores(0.002f, kid(0.5, 0.4))));
        StudyRow row = MethodSummaries.kidStudy(Map.of(KidMethod.ATT_SPARSE, List.of(a, b)), 0).methods().get(0);
        MethodResults table = MethodSummaries.method(List.of(a, b), null, null);
        assertThat(row.selection()).isEqualTo(StudyRow.Selection.TEST);
        assertThat(row.f1().mean()).isCloseTo(0.7, within(1e-12)).isEqualTo(table.kid().f1().mean());
        assertThat(row.f1().sem()).isEqualTo(table.kid().f1().sem());
        assertThat(row.threshold().mean()).isEqualTo(0.2);
        assertThat(row.lambda().mean()).isCloseTo(0.001, within(1e-9)).isEqualTo(table.lambda().mean());
        assertThat(row.lambda().sem()).isZero();
    }
}
