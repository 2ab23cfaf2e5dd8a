package org.milkid.app;

import java.nio.file.Path;

/**
 * What {@link BenchJob} measures and where it writes the figures. The {@link Builder} takes the
 * options of {@code milkid bench}: {@code --memory}, {@code --features} and {@code --fista-model}
 * each choose another measurement (in that order of precedence) instead of the speed benchmark.
 *
 * @param kind the measurement
 * @param out the JSON file to write
 * @param fistaModel {@link Kind#FISTA}: the trained model's folder
 * @param data {@link Kind#FISTA}: the data folder, when not where the model was trained (null: keep)
 * @param bags {@link Kind#FISTA}: how many bags
 * @param pytorch {@link Kind#SPEED}: whether to run the PyTorch reference
 * @param python {@link Kind#SPEED}: the Python with torch
 * @param home milkid's installation folder, which holds {@code bench/pytorch_reference.py}
 */
public record BenchRequest(Kind kind, Path out, Path fistaModel, Path data, int bags, boolean pytorch, Path python,
        Path home) {

    /** The measurements of {@code milkid bench}. */
    public enum Kind {
        /** Inversion and training speed against the GEMM rate and PyTorch, memory, the sweep ({@code bench.json}). */
        SPEED("bench.json"),
        /** Resident memory over long inversions and trainings ({@code bench-memory.json}). */
        MEMORY("bench-memory.json"),
        /** Whole-slide speed on synthetic feature bags ({@code bench-features.json}). */
        FEATURES("bench-features.json"),
        /** FISTA's iterations to the proximal rule's objective on a trained model ({@code bench-fista.json}). */
        FISTA("bench-fista.json");

        private final String defaultFile;

        Kind(String defaultFile) {
            this.defaultFile = defaultFile;
        }

        /** The file written when {@code --out} is not given. */
        public String defaultFile() {
            return defaultFile;
        }
    }

    /** A builder of the speed benchmark into {@code bench.json} with the PyTorch reference. */
    public static Builder builder() {
        return new Builder();
    }

    /** The options of {@code milkid bench}, as given. */
    public static final class Builder {
        private Path out;
        private boolean memory;
        private boolean features;
        private Path fistaModel;
        private Path data;
        private int bags = 4;
        private boolean pytorch = true;
        private Path python = Path.of("/usr/bin/python3");
        private Path home = Path.of(".");

        private Builder() {
        }

        /** {@code --out}; null: the measurement's own file name in the working folder. */
        public Builder out(Path o) {
            out = o;
            return this;
        }

        /** {@code --memory}. */
        public Builder memory(boolean m) {
            memory = m;
            return this;
        }

        /** {@code --features}. */
        public Builder features(boolean f) {
            features = f;
            return this;
        }

        /** {@code --fista-model DIR}; null: not given. */
        public Builder fistaModel(Path dir) {
            fistaModel = dir;
            return this;
        }

        /** {@code --data}, with {@code --fista-model}. */
        public Builder data(Path d) {
            data = d;
            return this;
        }

        /** {@code --bags}, with {@code --fista-model}. */
        public Builder bags(int n) {
            bags = n;
            return this;
        }

        /** False for {@code --no-pytorch}. */
        public Builder pytorch(boolean run) {
            pytorch = run;
            return this;
        }

        /** {@code --python}. */
        public Builder python(Path p) {
            python = p;
            return this;
        }

        /** milkid's installation folder. */
        public Builder home(Path h) {
            home = h;
            return this;
        }

        public BenchRequest build() {
            Kind kind = memory ? Kind.MEMORY : features ? Kind.FEATURES : fistaModel != null ? Kind.FISTA : Kind.SPEED;
            Path file = out != null ? out : Path.of(kind.defaultFile());
            return new BenchRequest(kind, file, fistaModel, data, bags, pytorch, python, home);
        }
    }
}
