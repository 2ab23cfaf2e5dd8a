package org.milkid.train;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.milkid.util.FileHash;
import org.milkid.util.Json;

/**
 * Writes a {@link TrainingState} into a folder and reads it back, bit for bit: {@code state.json}
 * (the epoch, the history, the generators, the SHA-256 of the tensors) and {@code tensors.bin} (the
 * parameters, the best epoch's parameters, Adam's moments, the step times). A state whose files are
 * missing, truncated or changed is refused with the file named.
 */
public final class TrainingStateCodec {
    static final String JSON_FILE = "state.json";
    static final String TENSORS_FILE = "tensors.bin";
    static final int FORMAT = 1;
    private static final int MAGIC = 0x4D4B5453; // "MKTS"

    private TrainingStateCodec() {
    }

    /** What state.json holds. */
    private record Header(int format, int attempt, int abandonedEpochs, int epoch, int numUpdate, int[] counts,
            int[] order, String orderRandom, String augmentationRandom, int bestEpoch, double bestLoss,
            double bestAccuracy, double bestPositiveShare, List<EpochReport> history, String tensorsSha256) {
    }

    /** Writes {@code s} into the folder {@code dir} (which exists). */
    public static void write(TrainingState s, Path dir) throws IOException {
        Path tensors = dir.resolve(TENSORS_FILE);
        try (DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(
                Files.newOutputStream(tensors), 1 << 16))) {
            out.writeInt(MAGIC);
            writeList(out, s.params());
            out.writeBoolean(s.best() != null);
            if (s.best() != null) {
                writeList(out, s.best());
            }
            writeList(out, s.adam().means());
            writeList(out, s.adam().variances());
            out.writeInt(s.stepMs().length);
            for (double d : s.stepMs()) {
                out.writeDouble(d);
            }
        }
        Json.write(dir.resolve(JSON_FILE), new Header(FORMAT, s.attempt(), s.abandonedEpochs(), s.epoch(),
                s.adam().numUpdate(), s.adam().counts(), s.order(), base64(s.orderRandom()),
                base64(s.augmentationRandom()), s.bestEpoch(), s.bestEpoch() > 0 ? s.bestLoss() : 0,
                s.bestAccuracy(), s.bestPositiveShare(), s.history(), FileHash.sha256(tensors)));
    }

    /** Reads what {@link #write} wrote into {@code dir}; refused with the file named when it is not whole. */
    public static TrainingState read(Path dir) throws IOException {
        Path json = dir.resolve(JSON_FILE);
        Path tensors = dir.resolve(TENSORS_FILE);
        if (!Files.isRegularFile(json) || !Files.isRegularFile(tensors)) {
            throw new IOException(dir + ": not a training state (" + JSON_FILE + " or " + TENSORS_FILE + " missing)");
        }
        Header h;
        try {
            h = Json.read(json, Header.class);
        } catch (RuntimeException e) {
            throw new IOException(json + ": not a training state (" + e.getMessage() + ")", e);
        }
        if (h == null || h.format() != FORMAT || h.counts() == null || h.order() == null || h.history() == null
                || h.tensorsSha256() == null) {
            throw new IOException(json + ": not a training state of format " + FORMAT);
        }
        if (!FileHash.sha256(tensors).equals(h.tensorsSha256())) {
            throw new IOException(tensors + ": checksum mismatch: the file is corrupt or was changed");
        }
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(tensors),
                1 << 16))) {
            if (in.readInt() != MAGIC) {
                throw new IOException(tensors + ": not a milkid tensor file");
            }
            List<float[]> params = readList(in);
            List<float[]> best = in.readBoolean() ? readList(in) : null;
            List<float[]> means = readList(in);
            List<float[]> variances = readList(in);
            double[] stepMs = new double[in.readInt()];
            for (int i = 0; i < stepMs.length; i++) {
                stepMs[i] = in.readDouble();
            }
            if (in.read() != -1) {
                throw new IOException(tensors + ": trailing bytes");
            }
            return new TrainingState(h.attempt(), h.abandonedEpochs(), h.epoch(), params,
                    new AdamMoments(h.numUpdate(), h.counts(), means, variances), h.order(),
                    unbase64(json, h.orderRandom()), unbase64(json, h.augmentationRandom()), best, h.bestEpoch(),
                    h.bestEpoch() > 0 ? h.bestLoss() : Double.POSITIVE_INFINITY, h.bestAccuracy(),
                    h.bestPositiveShare(), h.history(), stepMs);
        } catch (EOFException e) {
            throw new IOException(tensors + ": truncated", e);
        } catch (RuntimeException e) {
            throw new IOException(tensors + ": not a milkid tensor file (" + e.getMessage() + ")", e);
        }
    }

    private static void writeList(DataOutputStream out, List<float[]> list) throws IOException {
        out.writeInt(list.size());
        for (float[] a : list) {
            out.writeInt(a == null ? -1 : a.length);
            if (a != null) {
                for (float f : a) {
                    out.writeFloat(f);
                }
            }
        }
    }

    private static List<float[]> readList(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 1 << 16) {
            throw new IOException("a list of " + n + " arrays");
        }
        List<float[]> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int len = in.readInt();
            if (len < -1 || len > 1 << 28) {
                throw new IOException("an array of " + len + " floats");
            }
            float[] a = len < 0 ? null : new float[len];
            for (int j = 0; a != null && j < len; j++) {
                a[j] = in.readFloat();
            }
            list.add(a);
        }
        return list;
    }

    /** A generator's state, serialised (java.util.Random is serialisable). */
    static byte[] save(Random r) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(b)) {
            out.writeObject(r);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return b.toByteArray();
    }

    /** The generator {@link #save} serialised; only a java.util.Random is read. */
    static Random restore(byte[] bytes) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            in.setObjectInputFilter(ObjectInputFilter.Config.createFilter("java.util.Random;!*"));
            return (Random) in.readObject();
        } catch (IOException | ClassNotFoundException | ClassCastException e) {
            throw new IllegalArgumentException("not a serialised random generator (" + e.getMessage() + ")", e);
        }
    }

    private static String base64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    private static byte[] unbase64(Path file, String s) throws IOException {
        try {
            byte[] b = Base64.getDecoder().decode(s == null ? "" : s);
            restore(b); // refused here, with the file named, rather than when training resumes
            return b;
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": a random generator that cannot be read (" + e.getMessage() + ")", e);
        }
    }
}
