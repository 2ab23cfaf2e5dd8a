package org.milkid.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.milkid.bag.Bag;
import org.milkid.model.ModelKind;
import org.milkid.model.Platform;
import org.milkid.train.EpochCheckpoint;
import org.milkid.train.TrainConfig;
import org.milkid.train.TrainingState;
import org.milkid.train.TrainingStateCodec;
import org.milkid.util.AtomicFiles;
import org.milkid.util.Json;
import org.milkid.util.Progress;

/**
 * The training state of one model kept in a folder after every epoch ({@link EpochCheckpoint}), with
 * {@code run.json}: whose state it is (the model kind, the seed, the training settings, the
 * fingerprint of the training bags, the machine). A state is given back only when all of those are
 * the ones of the training now, the machine included (CPU, instruction-set cap and threads: another
 * machine's floats would mix into the model); otherwise the training starts afresh and says why.
 * The experiment's runs ({@link ModelCheckpoints#epochs}) and {@code milkid train} keep their
 * trainings so.
 */
public final class KeptTraining implements EpochCheckpoint {
    private static final String OWNER_FILE = "run.json";

    private final Path folder;
    private final ModelKind kind;
    private final Owner owner;
    private final boolean reuse;
    private final Progress progress;
    private boolean warned;
    private double secondsBefore;

    /**
     * What {@code run.json} holds.
     *
     * @param kind the model kind
     * @param seed the training seed
     * @param settings the training settings ({@link TrainConfig}) as JSON
     * @param trainBags the fingerprint of the training bags ({@link ModelCheckpoints#fingerprint})
     * @param cpu the machine ({@link Platform#machine()})
     */
    record Owner(String kind, long seed, String settings, String trainBags, Map<String, String> cpu) {
    }

    private KeptTraining(Path folder, ModelKind kind, Owner owner, boolean reuse, Progress progress) {
        this.folder = folder;
        this.kind = kind;
        this.owner = owner;
        this.reuse = reuse;
        this.progress = progress;
    }

    /**
     * The state of the training of a {@code kind} model with {@code config} on the bags whose
     * fingerprint is {@code trainBags}, kept in {@code folder}; a state kept there before is given
     * back only when {@code reuse} (resuming).
     */
    public static KeptTraining in(Path folder, ModelKind kind, TrainConfig config, String trainBags, boolean reuse,
            Progress progress) {
        return new KeptTraining(folder, kind, new Owner(kind.cliName(), config.seed(), Json.gson().toJson(config),
                trainBags, Platform.current().machine()), reuse, progress);
    }

    /** {@link #in} for the training bags {@code train}. */
    public static KeptTraining in(Path folder, ModelKind kind, TrainConfig config, List<Bag> train, boolean reuse,
            Progress progress) {
        return in(folder, kind, config, ModelCheckpoints.fingerprint(train), reuse, progress);
    }

    @Override
    public TrainingState load() {
        if (!reuse || !Files.isRegularFile(folder.resolve(OWNER_FILE))) {
            return null;
        }
        try {
            Owner o = Json.read(folder.resolve(OWNER_FILE), Owner.class);
            if (!owner.equals(o)) {
                progress.message(kind.label() + ": the training state kept in " + folder
                        + (o != null && !Objects.equals(o.cpu(), owner.cpu())
                                ? " was kept on another machine (" + o.cpu() + ")" : " is of other settings")
                        + "; training afresh");
                return null;
            }
            TrainingState state = TrainingStateCodec.read(folder);
            secondsBefore = state.seconds();
            return state;
        } catch (IOException | RuntimeException e) {
            progress.message(kind.label() + ": the training state kept in " + folder + " cannot be read ("
                    + e.getMessage() + "); training afresh");
            return null;
        }
    }

    @Override
    public void save(TrainingState state) {
        try {
            AtomicFiles.writeDir(folder, tmp -> {
                TrainingStateCodec.write(state, tmp);
                Json.write(tmp.resolve(OWNER_FILE), owner);
            });
        } catch (IOException | RuntimeException e) {
            if (!warned) {
                progress.message("WARNING: the training state of " + kind.label() + " could not be kept in " + folder
                        + " (" + e.getMessage() + "); the training goes on without it");
                warned = true;
            }
        }
    }

    /**
     * The wall time the training had taken when the state {@link #load} gave back was kept (0 when
     * it gave none), to add to the time of the part after it.
     */
    public double secondsBefore() {
        return secondsBefore;
    }

    @Override
    public void discard(String why) {
        secondsBefore = 0;
        progress.message(kind.label() + ": the training state kept in " + folder + " cannot go on (" + why
                + "); training afresh");
        delete();
    }

    /** Removes the folder (the model it led to is kept, or the training is given up). */
    public void delete() {
        try {
            AtomicFiles.deleteTree(folder);
        } catch (IOException e) {
            progress.message("WARNING: " + folder + " could not be removed (" + e.getMessage() + ")");
        }
    }
}
