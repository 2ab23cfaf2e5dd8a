package org.milkid.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.milkid.data.features.FeatureBagsConfig;
import org.milkid.data.mnist.MnistDigits;
import org.milkid.experiment.ExperimentConfig;
import org.milkid.experiment.ExperimentPresets;
import org.milkid.experiment.RunSchedulerFactory;
import org.milkid.experiment.TinyExperiment;
import org.milkid.util.BadInputException;
import org.milkid.util.Json;

/** The Spark scheduler's factory: found by ServiceLoader, master URLs checked, settings sent as JSON. */
class SparkRunSchedulerFactoryTest {

    @Test
    void serviceLoaderFindsTheSparkFactoryWithSparkOnTheClassPath() {
        RunSchedulerFactory f = java.util.ServiceLoader.load(RunSchedulerFactory.class).findFirst().orElseThrow();
        assertThat(f).isInstanceOf(SparkRunSchedulerFactory.class);
        assertThat(f.name()).isEqualTo("spark");
        assertThat(f.available()).isTrue();
    }

    @Test
    void masterUrlsSparkTakesPass() {
        for (String m : new String[] {"local", "local[1]", "local[2]", "local[*]", "local[4,3]", "local[*,2]",
            "local-cluster[2,1,1024]", "spark://node1:7077", "spark://a:7077,b:7077", "yarn",
            "k8s://https://host:6443"}) {
            SparkRunSchedulerFactory.checkMaster(m);
        }
    }

    @Test
    void otherMastersAreRefusedNamingTheOption() {
        for (String m : new String[] {"", "local[0]", "local[two]", "local[2", "spark://node1", "spark://:7077",
            "mesos://host:5050", "YARN", "local[2] ", "sc://host:15002"}) {
            assertThatThrownBy(() -> SparkRunSchedulerFactory.checkMaster(m)).as(m)
                    .isInstanceOf(BadInputException.class)
                    .hasMessage("--spark: '" + m + "' is not a Spark master URL (" + SparkRunSchedulerFactory.MASTERS
                            + ")");
        }
    }

    @Test
    void tasksGetTheSettingsWithAbsoluteDataFolders() {
        ExperimentConfig cfg = TinyExperiment.config(Path.of("relative-out"));
        ExperimentConfig sent = Json.gson().fromJson(SparkRunScheduler.workerConfig(cfg), ExperimentConfig.class);
        assertThat(sent.mnist().mnistDir()).isAbsolute()
                .isEqualTo(MnistDigits.bundledDir().toAbsolutePath().normalize());
        // everything else arrives as it was
        assertThat(sent.withMnist(cfg.mnist())).isEqualTo(cfg);

        ExperimentConfig colon = ExperimentPresets.paperColon(Path.of("data/colon"), Path.of("out")).withEpochs(3);
        ExperimentConfig sentColon = Json.gson().fromJson(SparkRunScheduler.workerConfig(colon),
                ExperimentConfig.class);
        assertThat(sentColon.dataDir()).isAbsolute().isEqualTo(Path.of("data/colon").toAbsolutePath());
        assertThat(sentColon.epochs()).isEqualTo(3);
        assertThat(sentColon.methods()).isEqualTo(colon.methods());
        assertThat(sentColon.lambdas()).isEqualTo(colon.lambdas());

        ExperimentConfig slides = ExperimentPresets.features(Path.of("data/cohort"), Path.of("out"))
                .withFeatures(new FeatureBagsConfig(Path.of("lists/slides.csv"), "tumor", 512));
        ExperimentConfig sentSlides = Json.gson().fromJson(SparkRunScheduler.workerConfig(slides),
                ExperimentConfig.class);
        assertThat(sentSlides.dataDir()).isEqualTo(Path.of("data/cohort").toAbsolutePath());
        assertThat(sentSlides.features()).isEqualTo(new FeatureBagsConfig(
                Path.of("lists/slides.csv").toAbsolutePath(), "tumor", 512));
        assertThat(sentSlides.methods()).isEqualTo(slides.methods());
        assertThat(sentSlides.folds()).isEqualTo(5);
    }
}
