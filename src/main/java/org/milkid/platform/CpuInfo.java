package org.milkid.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The CPU a number was computed on, as Linux describes it in {@code /proc/cpuinfo}.
 *
 * @param model the model name with vendor, family, model number and stepping, e.g.
 *     {@code "AMD EPYC (AuthenticAMD family 26 model 2 stepping 1)"}; "unknown" where absent
 * @param isa the vector instruction sets among the CPU's flags: the SSE4, AVX, AVX2, FMA, AVX-512
 *     and AMX families (e.g. {@code [fma, sse4_1, sse4_2, avx, avx2, avx512f, ...]}), in the
 *     kernel's order
 * @param cores the processors Java may use
 */
public record CpuInfo(String model, List<String> isa, int cores) {
    /** Where Linux describes the CPU. */
    public static final Path PROC_CPUINFO = Path.of("/proc/cpuinfo");

    private static final Pattern ISA_FLAG = Pattern.compile("sse4_1|sse4_2|sse4a|avx.*|fma4?|amx.*");

    public CpuInfo {
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("empty CPU model");
        }
        isa = List.copyOf(isa);
        if (cores < 1) {
            throw new IllegalArgumentException("cores must be at least 1, got " + cores);
        }
    }

    /** This machine's CPU; "unknown" model and no flags where /proc/cpuinfo is unreadable. */
    public static CpuInfo current() {
        int cores = Runtime.getRuntime().availableProcessors();
        try {
            return parse(Files.readString(PROC_CPUINFO), cores);
        } catch (IOException | RuntimeException e) {
            return new CpuInfo("unknown", List.of(), cores);
        }
    }

    /** The CPU described by the text of a {@code /proc/cpuinfo} (its first processor). */
    public static CpuInfo parse(String cpuinfo, int cores) {
        Map<String, String> f = new LinkedHashMap<>();
        for (String line : cpuinfo.split("\n")) {
            if (line.isBlank()) {
                if (!f.isEmpty()) {
                    break;
                }
                continue;
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                f.putIfAbsent(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
            }
        }
        String name = f.getOrDefault("model name", "").isEmpty() ? "unknown" : f.get("model name");
        List<String> details = new ArrayList<>();
        if (f.containsKey("vendor_id")) {
            details.add(f.get("vendor_id"));
        }
        for (String k : new String[] {"cpu family", "model", "stepping"}) {
            if (f.containsKey(k)) {
                details.add((k.equals("cpu family") ? "family" : k) + " " + f.get(k));
            }
        }
        String model = details.isEmpty() ? name : name + " (" + String.join(" ", details) + ")";
        List<String> isa = new ArrayList<>();
        for (String flag : f.getOrDefault("flags", "").split("\\s+")) {
            if (ISA_FLAG.matcher(flag).matches()) {
                isa.add(flag);
            }
        }
        return new CpuInfo(model, isa, cores);
    }

    /** Whether the CPU has any AVX-512 instruction set. */
    public boolean hasAvx512() {
        return isa.stream().anyMatch(s -> s.startsWith("avx512"));
    }
}
