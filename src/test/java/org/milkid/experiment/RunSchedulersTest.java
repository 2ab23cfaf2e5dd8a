package org.milkid.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.milkid.util.BadInputException;
import org.milkid.util.Progress;

/** How {@code --spark} finds its scheduler, and the one line it says when there is none. */
class RunSchedulersTest {

    /** A factory that opens schedulers which describe their target. */
    private record Fake(String name, boolean available) implements RunSchedulerFactory {
        @Override
        public RunScheduler open(String target, Progress progress) {
            return new RunScheduler() {
                @Override
                public String describe() {
                    return name + " on " + target;
                }

                @Override
                public void run(ExperimentConfig cfg, List<RunId> runs, Sink sink) {
                    throw new UnsupportedOperationException();
                }
            };
        }
    }

    @Test
    void withoutSparkItSaysHowToGetIt() {
        assertThatThrownBy(() -> RunSchedulers.open(List.of(), "spark", "local[2]", Progress.NONE))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("--spark: this milkid was built without Spark; get it with")
                .hasMessageContaining("MILKID_SPARK=1 ./milkid").hasMessageContaining("mvn -B -Pspark package")
                .hasMessageNotContaining("\n");
    }

    @Test
    void aListedFactoryWhoseClassIsGoneCountsAsNone() {
        // what ServiceLoader does on a class folder of a build with Spark recompiled without it
        Iterable<RunSchedulerFactory> stale = () -> new java.util.Iterator<>() {
            private int calls;

            @Override
            public boolean hasNext() {
                if (calls++ == 0) {
                    throw new java.util.ServiceConfigurationError("Provider org.milkid.spark.X not found");
                }
                return false;
            }

            @Override
            public RunSchedulerFactory next() {
                throw new java.util.NoSuchElementException();
            }
        };
        assertThatThrownBy(() -> RunSchedulers.open(stale, "spark", "local[2]", Progress.NONE))
                .isInstanceOf(BadInputException.class).hasMessageContaining("built without Spark");
    }

    @Test
    void builtWithSparkButRunWithoutItsJarsItSaysSo() {
        assertThatThrownBy(() -> RunSchedulers.open(List.of(new Fake("spark", false)), "spark", "local[2]",
                Progress.NONE)).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("--spark: Spark's jars are not on the class path")
                .hasMessageContaining("MILKID_SPARK=1");
    }

    @Test
    void theFactoryOfTheNameOpensOnTheTarget() {
        RunScheduler s = RunSchedulers.open(List.of(new Fake("other", true), new Fake("spark", true)), "spark",
                "local[3]", Progress.NONE);
        assertThat(s.describe()).isEqualTo("spark on local[3]");
    }
}
