package org.milkid.experiment;

import java.io.IOException;
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
import org.milkid.train.TrainConfig;
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
 * and {@code training.json} (how its training went, the seed, the training settings, a SHA-256 of
 * the training bags' ids, labels, shapes and values, the machine). While a model trains,
 * {@code <kind>-training/} holds its state after the last finished epoch ({@link KeptTraining}), so
 * that a run interrupted in the middle of a training goes on after that epoch; it is removed once
 * the model is kept. A stored model or training state is used again only when all of those are
 * the ones of the run now, the machine included (CPU, instruction-set cap and threads: another
 * machine's floats would mix into the run); otherwise the model is trained afresh, as without the
 * store. The experiment deletes the folder once the run's
 * checkpoint is written, and every such folder when it starts without {@code --resume} or has
 * finished all its runs. Only runs in this process keep models: Spark's executors write nothing.
 * A model that cannot be kept (a full disk) is reported and the run goes on without keeping it.
 */
public final class ModelCheckpoints {
    /** A store that keeps nothing: every model is trained. */
    public static final ModelCheckpoints NONE = new ModelCheckpoints(null, false);

    private static final String TRAINING_FILE = "training.json";

    private final Path dir;
    private final boolean reuse;
    /** The training bags last fingerprinted and their fingerprint: a run's models share one list. */
    private List<Bag> printed;
    private String print;

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
     * @param settings the training settings ({@link TrainConfig}) as JSON
     * @param trainBags the fingerprint of the training bags ({@link #fingerprint})
     * @param cpu the machine that trained it ({@link Platform#machine()})
     * @param seconds the training's wall time
     * @param result how the training went
     */
    record Stored(String kind, long seed, String settings, String trainBags, Map<String, String> cpu, double seconds,
            TrainResult result) {
    }

    /** A model given back, with its training and the seconds that training took when it ran. */
    public record Reused(TrainedModels.Trained trained, double seconds) {
    }

    /**
     * The stored model of {@code kind} trained with {@code config} on {@code train} on this machine;
     * null when there is none (or the store does not reuse, or what is stored is of another run,
     * machine or an unreadable file, which {@code progress} is told).
     */
    public Reused load(ModelKind kind, TrainConfig config, List<Bag> train, Progress progress) {
        if (dir == null || !reuse) {
            return null;
        }
        Path m = dir.resolve(kind.cliName());
        if (!Files.isRegularFile(m.resolve(TRAINING_FILE))) {
            return null;
        }
        try {
            Stored s = Json.read(m.resolve(TRAINING_FILE), Stored.class);
            if (s == null || !kind.cliName().equals(s.kind()) || s.seed() != config.seed()
                    || !Json.gson().toJson(config).equals(s.settings()) || !printOf(train).equals(s.trainBags())
                    || s.result() == null) {
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

    /**
     * Keeps a model just trained (nothing when the store keeps nothing); a model that cannot be
     * written is reported to {@code progress} and not kept.
     */
    public void save(ModelKind kind, TrainConfig config, List<Bag> train, TrainedModels.Trained t, double seconds,
            Progress progress) {
        if (dir == null) {
            return;
        }
        Path m = dir.resolve(kind.cliName());
        try {
            String bags = printOf(train);
            t.model().save(m, Provenance.of("run model", bags, config.seed(), Map.of("kind", kind.cliName())));
            Json.write(m.resolve(TRAINING_FILE), new Stored(kind.cliName(), config.seed(), Json.gson().toJson(config),
                    bags, Platform.current().machine(), seconds, t.result()));
        } catch (IOException | RuntimeException e) {
            progress.message("WARNING: " + kind.label() + " could not be kept in " + m + " (" + e.getMessage()
                    + "); the run goes on without it");
            return;
        }
        try {
            AtomicFiles.deleteTree(trainingFolder(kind)); // the model is kept: its training state is not needed
        } catch (IOException e) {
            progress.message("WARNING: " + trainingFolder(kind) + " could not be removed (" + e.getMessage() + ")");
        }
    }

    private Path trainingFolder(ModelKind kind) {
        return dir.resolve(kind.cliName() + "-training");
    }

    /**
     * The store of the training state of the model of {@code kind} trained with {@code config} on
     * {@code train}: it keeps the state after every epoch, and, when the experiment resumes, gives
     * back the state an interrupted training of the same model on this machine kept (null when this
     * store keeps nothing).
     */
    public KeptTraining epochs(ModelKind kind, TrainConfig config, List<Bag> train, Progress progress) {
        return dir == null ? null : KeptTraining.in(trainingFolder(kind), kind, config, printOf(train), reuse, progress);
    }

    /** Removes the run's models (its checkpoint holds what the experiment needs). */
    public static void delete(Path out, RunId id) throws IOException {
        AtomicFiles.deleteTree(folder(out, id));
    }

    /** Removes the models of every run of the experiment in {@code out}. */
    public static void deleteAll(Path out) throws IOException {
        Path runs = out.resolve("runs");
        if (!Files.isDirectory(runs)) {
            return;
        }
        try (var s = Files.list(runs)) {
            for (Path p : s.filter(p -> p.getFileName().toString().matches("r\\d+-f\\d+-models")).toList()) {
                AtomicFiles.deleteTree(p);
            }
        }
    }

    /** {@link #fingerprint} of {@code train}, computed once for the run's list of training bags. */
    private String printOf(List<Bag> train) {
        if (train != printed) {
            print = fingerprint(train);
            printed = train;
        }
        return print;
    }

    /** The training bags in order, hashed: their ids, labels, shapes and values. */
    static String fingerprint(List<Bag> train) {
        java.security.MessageDigest md = FileHash.newSha256();
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(1 << 16);
        for (Bag b : train) {
            md.update((b.id() + '\t' + b.label() + '\t' + b.size() + '\t' + b.channels() + '\t' + b.height() + '\t'
                    + b.width() + '\n').getBytes(java.nio.charset.StandardCharsets.UTF_8));
            for (float v : b.pixels()) {
                if (buf.remaining() < Float.BYTES) {
                    md.update(buf.array(), 0, buf.position());
                    buf.clear();
                }
                buf.putFloat(v);
            }
            md.update(buf.array(), 0, buf.position());
            buf.clear();
        }
        return java.util.HexFormat.of().formatHex(md.digest());
    }
}
