package org.milkid.experiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.milkid.bag.Bag;
import org.milkid.model.MilModel;
import org.milkid.model.ModelKind;
import org.milkid.model.Platform;
import org.milkid.model.Provenance;
import org.milkid.train.TrainResult;
import org.milkid.util.AtomicFiles;
import org.milkid.util.FileHash;
import org.milkid.util.Json;
import org.milkid.util.Progress;

/**
 * The trained models of one (repeat, fold) run while the run is going, so that a run interrupted
 * after training some of its models resumes from them ({@code --resume}) instead of training them
 * again: a paper-mnist run trains three models of 100 epochs for hours before its methods start.
 *
 * <p>Folder {@code runs/r{i}-f{j}-models/<kind>/}: the model (as {@link MilModel#save} writes it)
 * and {@code training.json} (how its training went, the seed, the training bags' fingerprint, the
 * machine). A stored model is used again only when all of those are the ones of the run now, the
 * machine included (CPU, instruction-set cap and threads: another machine's floats would mix into
 * the run); otherwise the model is trained afresh, as without the store. The experiment deletes
 * the folder once the run's checkpoint is written. Only runs in this process keep models: Spark's
 * executors write nothing.
 */
public final class ModelCheckpoints {
    /** A store that keeps nothing: every model is trained. */
    public static final ModelCheckpoints NONE = new ModelCheckpoints(null, false);

    private static final String TRAINING_FILE = "training.json";

    private final Path dir;
    private final boolean reuse;

    private ModelCheckpoints(Path dir, boolean reuse) {
        this.dir = dir;
        this.reuse = reuse;
    }

    /**
     * The store of run {@code id} of the experiment in {@code out}: it saves every trained model,
     * and gives stored ones back when {@code reuse} (the experiment resumes).
     */
    public static ModelCheckpoints of(Path out, RunId id, boolean reuse) {
        return new ModelCheckpoints(folder(out, id), reuse);
    }

    /** {@code runs/r{i}-f{j}-models} of the experiment in {@code out}. */
    public static Path folder(Path out, RunId id) {
        return out.resolve("runs").resolve("r" + id.repeat() + "-f" + id.fold() + "-models");
    }

    /**
     * What {@code training.json} holds.
     *
     * @param kind the model kind
     * @param seed the training seed of the run
     * @param trainBags the fingerprint of the training bags (their ids and labels, in order)
     * @param cpu the machine that trained it ({@link Platform#machine()})
     * @param seconds the training's wall time
     * @param result how the training went
     */
    record Stored(String kind, long seed, String trainBags, Map<String, String> cpu, double seconds,
            TrainResult result) {
    }

    /** A model given back, with its training and the seconds that training took when it ran. */
    public record Reused(TrainedModels.Trained trained, double seconds) {
    }

    /**
     * The stored model of {@code kind} trained with {@code seed} on {@code train} on this machine;
     * null when there is none (or the store does not reuse, or what is stored is of another run,
     * machine or an unreadable file, which {@code progress} is told).
     */
    public Reused load(ModelKind kind, long seed, List<Bag> train, Progress progress) {
        if (dir == null || !reuse) {
            return null;
        }
        Path m = dir.resolve(kind.cliName());
        if (!Files.isRegularFile(m.resolve(TRAINING_FILE))) {
            return null;
        }
        try {
            Stored s = Json.read(m.resolve(TRAINING_FILE), Stored.class);
            if (s == null || !kind.cliName().equals(s.kind()) || s.seed() != seed
                    || !fingerprint(train).equals(s.trainBags()) || s.result() == null) {
                progress.message(kind.label() + ": the model kept in " + m + " is of other settings; training afresh");
                return null;
            }
            if (!Objects.equals(s.cpu(), Platform.current().machine())) {
                progress.message(kind.label() + ": the model kept in " + m + " was trained on another machine ("
                        + s.cpu() + "); training afresh");
                return null;
            }
            MilModel model = MilModel.load(m);
            progress.message(kind.label() + ": trained before this run was interrupted, taken from " + m);
            return new Reused(new TrainedModels.Trained(model, s.result()), s.seconds());
        } catch (IOException | RuntimeException e) {
            progress.message(kind.label() + ": the model kept in " + m + " cannot be read (" + e.getMessage()
                    + "); training afresh");
            return null;
        }
    }

    /** Keeps a model just trained (nothing when the store keeps nothing). */
    public void save(ModelKind kind, long seed, List<Bag> train, TrainedModels.Trained t, double seconds) {
        if (dir == null) {
            return;
        }
        Path m = dir.resolve(kind.cliName());
        try {
            t.model().save(m, Provenance.of("run model", fingerprint(train), seed, Map.of("kind", kind.cliName())));
            Json.write(m.resolve(TRAINING_FILE), new Stored(kind.cliName(), seed, fingerprint(train),
                    Platform.current().machine(), seconds, t.result()));
        } catch (IOException e) {
            throw new UncheckedIOException("keeping the trained model in " + m, e);
        }
    }

    /** Removes the run's models (its checkpoint holds what the experiment needs). */
    public static void delete(Path out, RunId id) throws IOException {
        AtomicFiles.deleteTree(folder(out, id));
    }

    /** The training bags in order: their ids and labels, hashed. */
    static String fingerprint(List<Bag> train) {
        StringBuilder sb = new StringBuilder();
        for (Bag b : train) {
            sb.append(b.id()).append('\t').append(b.label()).append('\n');
        }
        return java.util.HexFormat.of().formatHex(
                FileHash.newSha256().digest(sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
