package org.milkid.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * milkid's git commit, read from the {@code .git} folder of the checkout it runs from (no git
 * binary needed): {@code HEAD} is either a commit (detached) or {@code ref: refs/heads/NAME}, whose
 * commit is in {@code refs/heads/NAME} or, once git has packed it, in {@code packed-refs}. A
 * worktree's {@code .git} is a file {@code gitdir: PATH}; its branches live in the main folder
 * named by {@code commondir}.
 */
public final class GitCommit {
    /** What {@link #of} returns when the commit cannot be known. */
    public static final String UNKNOWN = "unknown";
    /** The system property the {@code ./milkid} launcher sets to the checkout's folder. */
    public static final String HOME_PROPERTY = "milkid.home";

    /** A SHA-1 (40 hex digits) or SHA-256 (64) object name. */
    private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}([0-9a-f]{24})?");

    private GitCommit() {
    }

    /**
     * The commit of the checkout named by {@code -Dmilkid.home} (which the {@code ./milkid}
     * launcher sets), else of the working directory when that is a milkid checkout, else
     * {@link #UNKNOWN}.
     */
    public static String current() {
        String home = System.getProperty(HOME_PROPERTY);
        if (home != null && !home.isBlank()) {
            return of(Path.of(home));
        }
        Path cwd = Path.of(System.getProperty("user.dir", ".")).toAbsolutePath();
        return isMilkidCheckout(cwd) ? of(cwd) : UNKNOWN;
    }

    /** Whether {@code dir} holds milkid's pom.xml. */
    static boolean isMilkidCheckout(Path dir) {
        try {
            Path pom = dir.resolve("pom.xml");
            return Files.isRegularFile(pom) && Files.readString(pom).contains("<artifactId>milkid</artifactId>");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The commit checked out in {@code home} (the folder holding {@code .git}), or {@link #UNKNOWN}. */
    public static String of(Path home) {
        try {
            Path git = home.resolve(".git");
            if (Files.isRegularFile(git)) {
                String line = Files.readString(git).trim();
                if (!line.startsWith("gitdir:")) {
                    return UNKNOWN;
                }
                git = home.resolve(line.substring("gitdir:".length()).trim()).normalize();
            }
            if (!Files.isDirectory(git)) {
                return UNKNOWN;
            }
            String head = Files.readString(git.resolve("HEAD")).trim();
            if (SHA.matcher(head).matches()) {
                return head;
            }
            if (!head.startsWith("ref:")) {
                return UNKNOWN;
            }
            String ref = head.substring("ref:".length()).trim();
            Path common = git;
            Path commonDir = git.resolve("commondir");
            if (Files.isRegularFile(commonDir)) {
                common = git.resolve(Files.readString(commonDir).trim()).normalize();
            }
            for (Path dir : new Path[] {git, common}) {
                String sha = looseRef(dir, ref);
                if (sha == null) {
                    sha = packedRef(dir, ref);
                }
                if (sha != null) {
                    return sha;
                }
            }
            return UNKNOWN;
        } catch (IOException | RuntimeException e) {
            return UNKNOWN;
        }
    }

    private static String looseRef(Path git, String ref) throws IOException {
        Path file = git.resolve(ref).normalize();
        if (!file.startsWith(git) || !Files.isRegularFile(file)) {
            return null;
        }
        String sha = Files.readString(file).trim();
        return SHA.matcher(sha).matches() ? sha : null;
    }

    private static String packedRef(Path git, String ref) throws IOException {
        Path packed = git.resolve("packed-refs");
        if (!Files.isRegularFile(packed)) {
            return null;
        }
        for (String line : Files.readAllLines(packed)) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length == 2 && parts[1].equals(ref) && SHA.matcher(parts[0]).matches()) {
                return parts[0];
            }
        }
        return null;
    }
}
