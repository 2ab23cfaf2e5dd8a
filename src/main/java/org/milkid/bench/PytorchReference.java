package org.milkid.bench;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The PyTorch reference's figures, or why they are absent: {@link #run} runs
 * {@code bench/pytorch_reference.py} as a child process on the benchmark's bag size, warm-up and
 * repetitions, and reads the JSON object its last line prints.
 *
 * @param inversionMsPerIter null when absent
 * @param trainMsPerStep null when absent
 * @param reason null when present, otherwise why not
 * @param raw the reference's whole JSON line, or null
 */
public record PytorchReference(Double inversionMsPerIter, Double trainMsPerStep, String reason, JsonObject raw) {
    private static final long PYTHON_TIMEOUT_MINUTES = 20;

    /** No figures, for this reason. */
    static PytorchReference absent(String reason) {
        return new PytorchReference(null, null, reason, null);
    }

    /** Runs the PyTorch reference with {@code threads} intra-op threads; every way it can fail becomes a reason. */
    static PytorchReference run(BenchmarkConfig cfg, int threads, Consumer<String> progress) {
        Path python = cfg.python();
        Path script = cfg.pytorchScript();
        if (!Files.isExecutable(python)) {
            return absent(python + " is not an executable file");
        }
        if (!Files.isRegularFile(script)) {
            return absent("no reference script at " + script.toAbsolutePath());
        }
        try {
            Run probe = exec(List.of(python.toString(), "-c", "import torch"), 2);
            if (probe.exit != 0) {
                return absent(python + " cannot import torch: " + lastLine(probe.stderr));
            }
            progress.accept("PyTorch reference (" + python + ") ...");
            Run r = exec(List.of(python.toString(), script.toString(), "--instances", Integer.toString(cfg.instances()),
                    "--warmup", Integer.toString(cfg.warmup()), "--reps", Integer.toString(cfg.repetitions()),
                    "--threads", Integer.toString(threads), "--json"), PYTHON_TIMEOUT_MINUTES);
            if (r.exit != 0) {
                return absent(script + " exited with " + r.exit + ": " + lastLine(r.stderr));
            }
            String line = lastLine(r.stdout);
            JsonElement e = JsonParser.parseString(line);
            if (!e.isJsonObject()) {
                return absent(script + " did not end with a JSON object");
            }
            JsonObject o = e.getAsJsonObject();
            Double inv = o.has("pytorchInversionMsPerIter") ? o.get("pytorchInversionMsPerIter").getAsDouble() : null;
            Double trn = o.has("pytorchTrainMsPerStep") ? o.get("pytorchTrainMsPerStep").getAsDouble() : null;
            progress.accept(String.format(Locale.ROOT, "PyTorch: inversion %s ms/iteration, training %s ms/step",
                    inv, trn));
            if (o.has("bf16") && o.get("bf16").isJsonObject()) {
                progress.accept(bf16Line(o.getAsJsonObject("bf16")));
            }
            return new PytorchReference(inv, trn,
                    inv == null || trn == null ? "figures missing from the reference's JSON" : null, o);
        } catch (IOException | RuntimeException e) {
            return absent("running " + script + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return absent("interrupted");
        }
    }

    /**
     * The reference's bfloat16 figures in one line: its speed against float32 and the errors of
     * both against float64. milkid itself cannot run bfloat16: DJL 0.36's PyTorch engine has no
     * bfloat16 tensors (casting to it ends the process), so these figures say what it would gain.
     */
    static String bf16Line(JsonObject b) {
        if (b.has("error")) {
            return "PyTorch bfloat16: not measured (" + b.get("error").getAsString() + ")";
        }
        JsonObject h = b.getAsJsonObject("bfloat16");
        JsonObject f = b.getAsJsonObject("float32");
        return String.format(Locale.ROOT, "PyTorch bfloat16 (milkid has no bfloat16 path: DJL 0.36 lacks the type):"
                + " forward %.1f ms (float32 %.1f), inversion %.1f ms/iteration (float32 %.1f); against float64,"
                + " gradient to the pixels off by %.1e (float32 %.1e), attention by %.1e (float32 %.1e)",
                h.get("forwardMs").getAsDouble(), f.get("forwardMs").getAsDouble(),
                h.get("inversionMsPerIter").getAsDouble(), f.get("inversionMsPerIter").getAsDouble(),
                h.get("gradientRelError").getAsDouble(), f.get("gradientRelError").getAsDouble(),
                h.get("attentionMaxAbsError").getAsDouble(), f.get("attentionMaxAbsError").getAsDouble());
    }

    private record Run(int exit, String stdout, String stderr) {
    }

    private static Run exec(List<String> cmd, long timeoutMinutes) throws IOException, InterruptedException {
        Path out = Files.createTempFile("milkid-bench", ".out");
        Path err = Files.createTempFile("milkid-bench", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
            // Do not remove: asking for environment() makes the child get the environment milkid was
            // started with (Java's copy) instead of inheriting this process's C environment, into which
            // Engines wrote its oneDNN cap for milkid's own libtorch. PyTorch is measured as its users
            // run it, and under the cap PyTorch 1.13 has no bfloat16 convolution.
            pb.environment();
            Process p = pb.start();
            if (!p.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IOException("timed out after " + timeoutMinutes + " minutes");
            }
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static String lastLine(String s) {
        String[] lines = s.strip().split("\n");
        return lines.length == 0 ? "" : lines[lines.length - 1].strip();
    }
}
