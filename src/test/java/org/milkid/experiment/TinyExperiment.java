package org.milkid.experiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.milkid.data.mnist.MnistBagsConfig;
import org.milkid.detect.KidMethod;
import org.milkid.util.Progress;

/**
 * A tiny experiment shared by the end-to-end and browser tests (run once per test JVM): MNIST-bags
 * with G = 2, 24 train-digit and 8 test-digit bags a repeat, 2 folds x 2 repeats, 1 epoch, every
 * inversion cut to 2 iterations, methods attention, sparse and inst-max.
 */
public final class TinyExperiment {
    private static Path output;
    private static final List<String> MESSAGES = new ArrayList<>();

    private TinyExperiment() {
    }

    /** The tiny experiment's settings, writing into {@code out}. */
    public static ExperimentConfig config(Path out) {
        return ExperimentPresets.quickMnist(out).withMnist(new MnistBagsConfig(2, 9, 24, 8, 1, null)).withFolds(2)
                .withRepeats(2).withEpochs(1).withPatience(0).withInversionIterations(2)
                .withMethods(List.of(KidMethod.ATT, KidMethod.ATT_SPARSE, KidMethod.INST_MAX)).withPanelBags(2);
    }

    /** The output folder of the shared run (made on first use, removed when the JVM ends). */
    public static synchronized Path output() {
        if (output == null) {
            try {
                Path dir = Files.createTempDirectory("milkid-tiny-experiment");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        org.milkid.util.AtomicFiles.deleteTree(dir);
                    } catch (IOException e) {
                        // best effort
                    }
                }));
                Path out = dir.resolve("out");
                Experiment.prepare(config(out), recorder(MESSAGES)).run();
                output = out;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return output;
    }

    /** The progress messages of the shared run. */
    public static synchronized List<String> messages() {
        output();
        return List.copyOf(MESSAGES);
    }

    /** A progress that keeps the messages. */
    public static Progress recorder(List<String> into) {
        return new Progress() {
            @Override
            public void message(String line) {
                synchronized (into) {
                    into.add(line);
                }
            }

            @Override
            public void update(String task, long done, long total) {
            }
        };
    }

    /** How often {@code part} occurs in {@code s} (overlapping occurrences count). */
    public static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    /** Copies the folder {@code from} (files and subfolders, with their times) into {@code to}. */
    public static void copyTree(Path from, Path to) throws java.io.IOException {
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (java.nio.file.Files.isDirectory(p)) {
                    java.nio.file.Files.createDirectories(target);
                } else {
                    java.nio.file.Files.copy(p, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
