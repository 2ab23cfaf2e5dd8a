package org.milkid.cli;

import java.util.concurrent.Callable;
import org.milkid.app.Doctor;
import org.milkid.app.DoctorReport;
import picocli.CommandLine.Command;

/** {@code milkid doctor}: whether this machine computes milkid's results right, and what it is. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = "Print the CPU and its instruction sets, threads, Java, DJL and the libtorch loaded, oneDNN's"
                + " instruction-set cap, milkid's commit, the numerics self-check of every layer kind (float32"
                + " against float64), the matrix-product rate, and whether results here are trustworthy and"
                + " reproducible. Exit code 0 when every check of a kernel milkid uses passes, 1 otherwise.")
final class DoctorCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        DoctorReport r = Doctor.run();
        r.lines().forEach(System.out::println);
        return r.passed() ? 0 : Main.FAILURE;
    }
}
