package org.milkid.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** milkid's commit from a .git folder, without a git binary: loose ref, packed ref, detached, worktree, none. */
class GitCommitTest {
    private static final String A = "0123456789abcdef0123456789abcdef01234567";
    private static final String B = "89abcdef0123456789abcdef0123456789abcdef";

    @Test
    void aBranchWithALooseRef(@TempDir Path home) throws IOException {
        Path git = Files.createDirectories(home.resolve(".git/refs/heads/feature"));
        Files.writeString(home.resolve(".git/HEAD"), "ref: refs/heads/feature/x\n");
        Files.writeString(git.resolve("x"), A + "\n");
        Files.writeString(home.resolve(".git/packed-refs"), B + " refs/heads/feature/x\n");
        assertThat(GitCommit.of(home)).isEqualTo(A);
    }

    @Test
    void aBranchInPackedRefs(@TempDir Path home) throws IOException {
        Files.createDirectories(home.resolve(".git/refs/heads"));
        Files.writeString(home.resolve(".git/HEAD"), "ref: refs/heads/main\n");
        Files.writeString(home.resolve(".git/packed-refs"), "# pack-refs with: peeled fully-peeled sorted\n"
                + A + " refs/heads/other\n" + B + " refs/heads/main\n^" + A + "\n");
        assertThat(GitCommit.of(home)).isEqualTo(B);
    }

    @Test
    void aDetachedHead(@TempDir Path home) throws IOException {
        Files.createDirectories(home.resolve(".git"));
        Files.writeString(home.resolve(".git/HEAD"), B + "\n");
        assertThat(GitCommit.of(home)).isEqualTo(B);
    }

    @Test
    void aWorktreeWhoseBranchLivesInTheMainRepository(@TempDir Path dir) throws IOException {
        Path main = Files.createDirectories(dir.resolve("main/.git/refs/heads"));
        Files.writeString(main.resolve("topic"), A + "\n");
        Path wtGit = Files.createDirectories(dir.resolve("main/.git/worktrees/wt"));
        Files.writeString(wtGit.resolve("HEAD"), "ref: refs/heads/topic\n");
        Files.writeString(wtGit.resolve("commondir"), "../..\n");
        Path wt = Files.createDirectories(dir.resolve("wt"));
        Files.writeString(wt.resolve(".git"), "gitdir: " + wtGit + "\n");
        assertThat(GitCommit.of(wt)).isEqualTo(A);
    }

    @Test
    void noRepositoryOrAnUnknownRefIsUnknown(@TempDir Path home) throws IOException {
        assertThat(GitCommit.of(home)).isEqualTo(GitCommit.UNKNOWN);
        Files.createDirectories(home.resolve(".git"));
        Files.writeString(home.resolve(".git/HEAD"), "ref: refs/heads/nowhere\n");
        assertThat(GitCommit.of(home)).isEqualTo(GitCommit.UNKNOWN);
        Files.writeString(home.resolve(".git/HEAD"), "not a commit\n");
        assertThat(GitCommit.of(home)).isEqualTo(GitCommit.UNKNOWN);
    }

    @Test
    void aRefOutsideTheRepositoryIsNotRead(@TempDir Path home) throws IOException {
        Files.createDirectories(home.resolve(".git"));
        Files.writeString(home.resolve("outside"), A + "\n");
        Files.writeString(home.resolve(".git/HEAD"), "ref: ../outside\n");
        assertThat(GitCommit.of(home)).isEqualTo(GitCommit.UNKNOWN);
    }

    @Test
    void thisCheckoutHasACommit() {
        // the tests run in the project's folder (Maven's working directory), a milkid checkout
        Path cwd = Path.of(System.getProperty("user.dir"));
        assertThat(GitCommit.isMilkidCheckout(cwd)).isTrue();
        if (Files.exists(cwd.resolve(".git"))) {
            assertThat(GitCommit.of(cwd)).matches("[0-9a-f]{40}");
        }
    }
}
