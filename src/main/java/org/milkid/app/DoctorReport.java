package org.milkid.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.milkid.model.Engines;
import org.milkid.model.Platform;
import org.milkid.model.SelfCheck;
import org.milkid.model.Versions;

/**
 * What {@code milkid doctor} found on this machine.
 *
 * @param platform the CPU, libtorch's threads and version as loaded, oneDNN's cap, milkid's commit
 * @param interOpThreads libtorch's inter-op threads
 * @param java the Java version and vendor
 * @param userIsaCap the user's own {@code ONEDNN_MAX_CPU_ISA}, or null when milkid chose the cap
 * @param check the numerics self-check of every operation (milkid's and the doctor's extra one)
 * @param repeatable whether a second run of the check gave bit-identical float32 results for every
 *     operation that milkid uses
 * @param gemmGflops the float32 matrix-product rate, 2048^3 through DJL, GFLOP/s
 */
public record DoctorReport(Platform platform, int interOpThreads, String java, String userIsaCap,
        SelfCheck.Result check, boolean repeatable, double gemmGflops) {

    public DoctorReport {
        if (platform == null || java == null || check == null) {
            throw new IllegalArgumentException("a doctor's report needs the platform, Java and the check");
        }
    }

    /** Whether every check of an operation that milkid uses passed. */
    public boolean passed() {
        return check.passed();
    }

    /** The report as the command prints it, one line each. */
    public List<String> lines() {
        List<String> l = new ArrayList<>();
        l.add(row("CPU", platform.cpu().model()));
        l.add(row("ISA", platform.cpu().isa().isEmpty() ? "unknown" : String.join(" ", platform.cpu().isa())));
        l.add(row("cores", platform.cpu().cores() + "; libtorch threads: intra-op " + platform.threads()
                + ", inter-op " + interOpThreads));
        l.add(row("Java", java));
        l.add(row("DJL", platform.djl()));
        l.add(row("libtorch", platform.libtorch() + " (as loaded)"));
        l.add(row("oneDNN cap", Engines.ONEDNN_ISA + "=" + platform.isaCap()
                + (userIsaCap == null ? " (milkid's default)" : " (set by the user)")));
        l.add(row("milkid", Versions.MILKID + ", commit " + platform.commit()));
        l.add(String.format(Locale.ROOT, "self-check: float32 against float64, largest relative error of the output"
                + " and the gradients (passes below %s); %d ms", SelfCheck.format(SelfCheck.TOLERANCE),
                check.millis()));
        for (SelfCheck.Check c : check.checks()) {
            l.add(String.format(Locale.ROOT, "  %-4s %7s  %s", c.passed() ? "ok" : "FAIL",
                    SelfCheck.format(c.maxError()), c.operation()));
        }
        l.add(row("matmul", String.format(Locale.ROOT, "%.1f GFLOP/s (float32 2048^3 through DJL)", gemmGflops)));
        l.add(row("repeatable", repeatable
                ? "yes: the float32 results of milkid's operations were bit-identical in two runs"
                : "NO: the float32 results of milkid's operations differed between two runs in this process"));
        l.add(row("verdict", verdict()));
        check.firstFailure().ifPresent(f -> l.add(check.failureLine(f)));
        return l;
    }

    /** Whether results computed here can be trusted and reproduced, in words. */
    public String verdict() {
        if (!passed()) {
            return "NOT trustworthy: a kernel that milkid uses is wrong on this machine (next line); milkid refuses"
                    + " to run here until the remedy is applied";
        }
        String same = repeatable ? "the same seed gives the same numbers on this machine with the same settings"
                + " (threads, oneDNN cap)" : "the kernels did not repeat here, so the same seed may not give the"
                + " same numbers";
        return "trustworthy: every kernel milkid uses agrees with float64; " + same + "; on another machine (other"
                + " CPU or kernels) results differ in the last bits and training can amplify that, so compare"
                + " figures within their confidence intervals, not digit by digit";
    }

    private static String row(String key, String value) {
        return String.format(Locale.ROOT, "%-11s %s", key, value);
    }
}
