package org.milkid.model;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.util.LinkedHashMap;
import java.util.Map;
import org.milkid.platform.CpuInfo;
import org.milkid.platform.GitCommit;

/**
 * Where a number was computed: the CPU, how libtorch ran on it, and which code ran. Every
 * results.json and model.json records it (through {@link Versions#all()} and
 * {@link org.milkid.model.Provenance#cpu()}), and {@code milkid doctor} prints it.
 *
 * @param cpu the CPU model, its vector instruction sets and cores
 * @param threads libtorch's intra-op threads
 * @param djl DJL's version, as the loaded DJL reports it
 * @param libtorch libtorch's version as DJL's engine loaded it (not a constant of the build)
 * @param isaCap oneDNN's instruction-set cap in effect ({@code ONEDNN_MAX_CPU_ISA}; "none" when unset)
 * @param commit milkid's git commit, or "unknown"
 */
public record Platform(CpuInfo cpu, int threads, String djl, String libtorch, String isaCap, String commit) {

    public Platform {
        if (cpu == null || djl == null || libtorch == null || isaCap == null || commit == null) {
            throw new IllegalArgumentException("a platform needs every field");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
    }

    /** This process's platform; starts the engine (with its instruction-set cap) if needed. */
    public static Platform current() {
        Engine engine = Engines.start();
        return new Platform(CpuInfo.current(), JniUtils.getNumThreads(), Engine.getDjlVersion(), engine.getVersion(),
                Engines.isaCap(), GitCommit.current());
    }

    /** The software: milkid and its commit, DJL, libtorch as loaded, Java, OS; in a stable order. */
    public Map<String, String> versions() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("milkid", Versions.MILKID);
        m.put("commit", commit);
        m.put("djl", djl);
        m.put("libtorch", libtorch);
        m.put("java", System.getProperty("java.version"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        m.put("cores", Integer.toString(cpu.cores()));
        m.put("reproducible", Boolean.toString(Engines.reproducible()));
        return m;
    }

    /**
     * The machine: CPU model, its vector instruction sets, cores, libtorch's threads and oneDNN's
     * instruction-set cap; recorded as {@code provenance.cpu}.
     */
    public Map<String, String> machine() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("model", cpu.model());
        m.put("isa", String.join(" ", cpu.isa()));
        m.put("cores", Integer.toString(cpu.cores()));
        m.put("libtorchThreads", Integer.toString(threads));
        m.put("onednnIsaCap", isaCap);
        return m;
    }
}
