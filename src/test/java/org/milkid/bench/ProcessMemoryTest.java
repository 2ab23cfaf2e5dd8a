package org.milkid.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class ProcessMemoryTest {
    private static final String SMAPS = String.join("\n",
            "00400000-00452000 r-xp 00000000 08:02 173521      /usr/bin/java",
            "Size:                328 kB",
            "Rss:                 100 kB",
            "Pss:                  50 kB",
            "687400000-68f400000 rw-p 00000000 00:00 0",
            "Size:             131072 kB",
            "Rss:              131072 kB",
            "7fec00000-7ffb00000 rw-p 00000000 00:00 0",
            "Rss:               12288 kB",
            "7f3af0000000-7f3af3fc6000 rw-p 00000000 00:00 0",
            "Size:              65304 kB",
            "Rss:               60000 kB",
            "VmFlags: rd wr mr mw me nr sd",
            "ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]",
            "Rss:                   4 kB",
            "");

    @Test
    void parsesTheHeapRangeOfG1AndOtherCollectors() {
        assertThat(ProcessMemory.parseRange(
                " garbage-first heap   total 49152K, used 22381K [0x0000000687400000, 0x0000000800000000)\n"
                        + "  region size 2048K, 3 young (6144K), 0 survivors (0K)"))
                .containsExactly(0x687400000L, 0x800000000L);
        assertThat(ProcessMemory.parseRange(" def new generation   total 4928K, used 1024K [0x00000000f0000000,"
                + " 0x00000000f0550000, 0x00000000f0600000)\n  eden space 4416K,  23% used [0x00000000f0000000,"
                + " 0x00000000f0100000, 0x00000000f0450000)\n tenured generation   total 10944K, used 0K"
                + " [0x00000000f0600000, 0x00000000f0600200, 0x00000000f10b0000, 0x0000000100000000)"))
                .containsExactly(0xf0000000L, 0x100000000L);
        assertThat(ProcessMemory.parseRange("no heap here")).isNull();
        assertThat(ProcessMemory.parseRange("[0x10, 0x10)")).isNull();
    }

    @Test
    void sumsTheResidentMemoryOutsideTheHeapOnly() throws Exception {
        long[] heap = {0x687400000L, 0x800000000L};
        assertThat(ProcessMemory.residentOutsideKiB(new BufferedReader(new StringReader(SMAPS)), heap))
                .isEqualTo(100 + 60000 + 4);
        assertThat(ProcessMemory.residentOutsideKiB(new BufferedReader(new StringReader(SMAPS)), null))
                .isEqualTo(100 + 131072 + 12288 + 60000 + 4);
    }

    @Test
    void thisProcessHasAHeapWhoseResidentPagesAreNotCountedOutsideIt() {
        long[] heap = ProcessMemory.javaHeapRange();
        assertThat(heap).as("HotSpot's GC.heap_info on Linux").isNotNull();
        // touch 64 MiB of heap: the whole process grows, the memory outside the heap does not
        long[][] ballast = new long[64][];
        double outsideBefore = ProcessMemory.residentOutsideMiB(heap);
        for (int i = 0; i < ballast.length; i++) {
            ballast[i] = new long[128 * 1024];
            java.util.Arrays.fill(ballast[i], i + 1);
        }
        double outsideAfter = ProcessMemory.residentOutsideMiB(heap);
        double allAfter = ProcessMemory.residentOutsideMiB(null);
        assertThat(ballast[63][0]).isEqualTo(64);
        assertThat(allAfter - outsideAfter).as("the ballast is resident, inside the heap").isGreaterThan(60);
        assertThat(outsideAfter - outsideBefore).isLessThan(16);
        assertThat(outsideAfter).isGreaterThan(10).isLessThan(allAfter);
    }
}
