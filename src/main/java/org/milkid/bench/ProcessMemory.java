package org.milkid.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * The resident memory of this process split into the Java heap and everything else (libtorch's
 * tensors and allocator, the JVM's own native memory, code). The Java heap grows and shrinks with
 * the garbage collector's sizing of it, by a hundred MiB or more when a loop starts making garbage
 * at a new rate; native memory is where a leak of libtorch's buffers would show.
 *
 * <p>The heap's address range comes from the JVM's {@code GC.heap_info} diagnostic command; the
 * resident pages from {@code /proc/self/smaps}. Both are Linux and HotSpot facts: elsewhere the
 * readings are NaN. {@link #peakRssMiB()} and {@link #procStatusMiB} read the whole process's
 * figures from {@code /proc/self/status} (null where it is absent).
 */
final class ProcessMemory {
    private static final Pattern RANGE =
            Pattern.compile("\\[0x([0-9a-fA-F]+)(?:, *0x[0-9a-fA-F]+)*, *0x([0-9a-fA-F]+)\\)");
    private static final Path SMAPS = Path.of("/proc/self/smaps");

    private ProcessMemory() {
    }

    /** VmHWM of this process in MiB, or null where /proc is absent. */
    static Double peakRssMiB() {
        return procStatusMiB("VmHWM");
    }

    /** A memory field of /proc/self/status (VmHWM, VmRSS) in MiB, or null where /proc is absent. */
    static Double procStatusMiB(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field + ":")) {
                    String[] parts = line.substring(field.length() + 1).trim().split("\\s+");
                    return Long.parseLong(parts[0]) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return null;
    }

    /**
     * The Java heap's reserved address range {@code [from, to)}: from the lowest to the highest
     * address of the ranges {@code GC.heap_info} prints (one for G1, one per generation for the
     * serial and parallel collectors), or null where the command or its format is not available.
     */
    static long[] javaHeapRange() {
        try {
            Object text = ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcHeapInfo",
                    new Object[] {null}, new String[] {String[].class.getName()});
            return text == null ? null : parseRange(text.toString());
        } catch (JMException | RuntimeException e) {
            return null;
        }
    }

    /** The span of the {@code [0x..., ..., 0x...)} ranges of a heap description, or null. */
    static long[] parseRange(String heapInfo) {
        Matcher m = RANGE.matcher(heapInfo);
        long from = -1;
        long to = 0;
        while (m.find()) {
            long a = Long.parseUnsignedLong(m.group(1), 16);
            long b = Long.parseUnsignedLong(m.group(2), 16);
            from = from < 0 ? a : Math.min(from, a);
            to = Math.max(to, b);
        }
        return from >= 0 && from < to ? new long[] {from, to} : null;
    }

    /**
     * Resident MiB of the mappings of {@code /proc/self/smaps} that start outside {@code heap}
     * (all of them when heap is null), or NaN where the file cannot be read.
     */
    static double residentOutsideMiB(long[] heap) {
        try (BufferedReader in = Files.newBufferedReader(SMAPS)) {
            return residentOutsideKiB(in, heap) / 1024.0;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** Sums the {@code Rss:} lines of the mappings in smaps format that start outside heap, in KiB. */
    static long residentOutsideKiB(BufferedReader smaps, long[] heap) throws IOException {
        long kib = 0;
        boolean counted = false;
        for (String line = smaps.readLine(); line != null; line = smaps.readLine()) {
            int dash = line.indexOf('-');
            int space = line.indexOf(' ');
            if (dash > 0 && space > dash && isHex(line, 0, dash)) {
                long start = Long.parseUnsignedLong(line.substring(0, dash), 16);
                counted = heap == null || Long.compareUnsigned(start, heap[0]) < 0
                        || Long.compareUnsigned(start, heap[1]) >= 0;
            } else if (counted && line.startsWith("Rss:")) {
                kib += Long.parseLong(line.substring(4).trim().split("\\s+")[0]);
            }
        }
        return kib;
    }

    private static boolean isHex(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }
}
