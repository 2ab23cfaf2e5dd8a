package org.milkid.train;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.milkid.util.FileHash;
import org.milkid.util.Json;

/**
 * Writes a {@link TrainingState} into a folder and reads it back, bit for bit: {@code state.json}
 * (the epoch, the history, the generators, the SHA-256 of the tensors and of itself) and
 * {@code tensors.bin} (the parameters, the best epoch's parameters, Adam's moments, the step times).
 * A state whose files are missing, truncated or changed is refused with the file named.
 */
public final class TrainingStateCodec {
    static final String JSON_FILE = "state.json";
    static final String TENSORS_FILE = "tensors.bin";
    static final int FORMAT = 1;
    private static final int MAGIC = 0x4D4B5453; // "MKTS"

    private TrainingStateCodec() {
    }

    /** What state.json holds; {@code sha256} covers the rest of it (as this class writes it without it). */
    private record Header(int format, int attempt, int abandonedEpochs, int epoch, double seconds, int numUpdate,
            int[] counts, int[] order, String orderRandom, String augmentationRandom, int bestEpoch, double bestLoss,
            double bestAccuracy, double bestPositiveShare, List<EpochReport> history, String tensorsSha256,
            String sha256) {
        Header withSha(String sha) {
            return new Header(format, attempt, abandonedEpochs, epoch, seconds, numUpdate, counts, order, orderRandom,
                    augmentationRandom, bestEpoch, bestLoss, bestAccuracy, bestPositiveShare, history, tensorsSha256,
                    sha);
        }

        /** The SHA-256 of the header without its own. */
        String digest() {
            return FileHash.sha256(Json.gson().toJson(withSha(null)).getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Writes {@code s} into the folder {@code dir} (which exists). */
    public static void write(TrainingState s, Path dir) throws IOException {
        // hashed as it is written, not read back
        MessageDigest md = FileHash.newSha256();
        try (DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(
                new DigestOutputStream(Files.newOutputStream(dir.resolve(TENSORS_FILE)), md), 1 << 16))) {
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
        Header h = new Header(FORMAT, s.attempt(), s.abandonedEpochs(), s.epoch(), s.seconds(), s.adam().numUpdate(),
                s.adam().counts(), s.order(), base64(s.orderRandom()), base64(s.augmentationRandom()), s.bestEpoch(),
                s.bestEpoch() > 0 ? s.bestLoss() : 0, s.bestAccuracy(), s.bestPositiveShare(), s.history(),
                HexFormat.of().formatHex(md.digest()), null);
        Json.write(dir.resolve(JSON_FILE), h.withSha(h.digest()));
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
                || h.tensorsSha256() == null || h.sha256() == null) {
            throw new IOException(json + ": not a training state of format " + FORMAT);
        }
        if (!h.digest().equals(h.sha256())) {
            throw new IOException(json + ": checksum mismatch: the file is corrupt or was changed");
        }
        byte[] bytes = Files.readAllBytes(tensors);
        if (!FileHash.sha256(bytes).equals(h.tensorsSha256())) {
            throw new IOException(tensors + ": checksum mismatch: the file is corrupt or was changed");
        }
        List<float[]> params;
        List<float[]> best;
        List<float[]> means;
        List<float[]> variances;
        double[] stepMs;
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes); // big-endian, as DataOutputStream writes
            if (in.getInt() != MAGIC) {
                throw new IOException(tensors + ": not a milkid tensor file");
            }
            params = readList(in, tensors);
            best = in.get() != 0 ? readList(in, tensors) : null;
            means = readList(in, tensors);
            variances = readList(in, tensors);
            int n = in.getInt();
            if (n < 0 || (long) n * Double.BYTES > in.remaining()) {
                throw new IOException(tensors + ": truncated (" + n + " step times)");
            }
            stepMs = new double[n];
            in.asDoubleBuffer().get(stepMs);
            in.position(in.position() + n * Double.BYTES);
            if (in.hasRemaining()) {
                throw new IOException(tensors + ": " + in.remaining() + " bytes after the end");
            }
        } catch (BufferUnderflowException e) {
            throw new IOException(tensors + ": truncated", e);
        }
        try {
            return new TrainingState(h.attempt(), h.abandonedEpochs(), h.epoch(), params,
                    new AdamMoments(h.numUpdate(), h.counts(), means, variances), h.order(),
                    unbase64(json, h.orderRandom()), unbase64(json, h.augmentationRandom()), best, h.bestEpoch(),
                    h.bestEpoch() > 0 ? h.bestLoss() : Double.POSITIVE_INFINITY, h.bestAccuracy(),
                    h.bestPositiveShare(), h.history(), stepMs, h.seconds());
        } catch (RuntimeException e) {
            throw new IOException(json + ": not a training state (" + e.getMessage() + ")", e);
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

    private static List<float[]> readList(ByteBuffer in, Path file) throws IOException {
        int n = in.getInt();
        if (n < 0 || (long) n * Integer.BYTES > in.remaining()) {
            throw new IOException(file + ": truncated (a list of " + n + " arrays)");
        }
        List<float[]> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int len = in.getInt();
            if (len < -1 || (long) len * Float.BYTES > in.remaining()) {
                throw new IOException(file + ": truncated (an array of " + len + " floats)");
            }
            float[] a = len < 0 ? null : new float[len];
            if (a != null) {
                in.asFloatBuffer().get(a);
                in.position(in.position() + len * Float.BYTES);
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
