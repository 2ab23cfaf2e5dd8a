package org.milkid.data.image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.milkid.util.FileHash;

/**
 * The fingerprint of the files a source reads: files are read through {@link #read}, which
 * returns their bytes and remembers their SHA-256; {@link #hex} is then the SHA-256 over all
 * files sorted by their path relative to the root ('/'-separated), each contributing its UTF-8
 * path, a 0 byte and its own 32-byte SHA-256. Renaming, adding, removing or changing a file
 * changes the fingerprint; the order of reading does not. Not thread-safe.
 */
public final class FileDigest {
    private final Path root;
    private final Map<String, byte[]> digests = new TreeMap<>();

    /** @param root the folder that file names are taken relative to */
    public FileDigest(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** Reads a whole file, records its digest and returns its bytes. */
    public byte[] read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        digests.put(relativeName(file), sha256().digest(bytes));
        return bytes;
    }

    /** The SHA-256 that {@link #read} recorded for {@code file}, or null when it has not read it. */
    public byte[] digestOf(Path file) {
        byte[] d = digests.get(relativeName(file));
        return d == null ? null : d.clone();
    }

    /** The SHA-256 of some bytes. */
    public static byte[] sha256(byte[] bytes) {
        return sha256().digest(bytes);
    }

    /** The number of files read so far. */
    public int files() {
        return digests.size();
    }

    /** The fingerprint of the files read so far, 64 lower-case hex digits. */
    public String hex() {
        MessageDigest all = sha256();
        for (Map.Entry<String, byte[]> e : digests.entrySet()) {
            all.update(e.getKey().getBytes(StandardCharsets.UTF_8));
            all.update((byte) 0);
            all.update(ByteBuffer.wrap(e.getValue()));
        }
        return HexFormat.of().formatHex(all.digest());
    }

    private String relativeName(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        Path rel = abs.startsWith(root) ? root.relativize(abs) : abs;
        return rel.toString().replace(rel.getFileSystem().getSeparator(), "/");
    }

    private static MessageDigest sha256() {
        return FileHash.newSha256();
    }
}
