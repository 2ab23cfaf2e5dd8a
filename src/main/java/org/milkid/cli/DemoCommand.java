package org.milkid.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.milkid.app.Demo;
import org.milkid.app.DemoConfig;
import org.milkid.results.ResultsTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code milkid demo}: the main job on the bundled data. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Train Att, Inst+max and Inst+mean on MNIST-bags from the bundled digits, detect key instances "
                + "with the paper's methods and milkid's default, print a table with 95%% confidence intervals and write "
                + "results.json and report.html.")
final class DemoCommand implements Callable<Integer> {
    @Mixin
    MnistOptions mnist = new MnistOptions(10, 200, DemoConfig.TEST_BAGS);

    @Option(names = "--epochs", defaultValue = "12", description = "most epochs per model (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--patience", defaultValue = "3", description = "early-stopping patience in epochs (default: ${DEFAULT-VALUE})")
    int patience;

    @Option(names = "--inversion-iterations", defaultValue = "" + DemoConfig.INVERSION_ITERATIONS,
            description = "every inversion's iterations (default: ${DEFAULT-VALUE}; 0 = the paper's 1000 for Att+inv, "
                    + "200 for Att+sparse, which take several times longer)")
    int inversionIterations;

    @Option(names = "--att-inv-iterations", defaultValue = "" + DemoConfig.ATT_INV_ITERATIONS,
            description = "with --inversion-iterations 0: Att+inv's iterations only (default: ${DEFAULT-VALUE}; "
                    + "0 = the paper's 1000)")
    int attInvIterations;

    @Option(names = "--panels", defaultValue = "" + DemoConfig.PANEL_BAGS,
            description = "positive test bags drawn as panels (a)-(g) in report.html (default: ${DEFAULT-VALUE})")
    int panelBags;

    @Option(names = "--seed", defaultValue = "1", description = "the one seed of the run (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", defaultValue = "milkid-demo", description = "output folder (default: ${DEFAULT-VALUE})")
    Path out;

    @Override
    public Integer call() throws Exception {
        TerminalProgress progress = TerminalProgress.forStderr();
        DemoConfig cfg = new DemoConfig(mnist.config(seed), epochs, patience, inversionIterations, attInvIterations,
                panelBags, out);
        Demo.Outcome o = Demo.run(cfg, progress);
        System.out.println();
        o.notes().forEach(System.out::println);
        System.out.println();
        System.out.print(ResultsTable.format(o.results()));
        System.out.println();
        System.out.println("In brackets: 95% confidence intervals, a bootstrap over the positive test bags.");
        System.out.println("default KID method: " + o.results().table().defaultKidMethod()
                + "; results: " + out.resolve("results.json") + "; models: " + out.resolve("models"));
        System.out.println("report: " + o.report());
        return 0;
    }
}
