package org.milkid.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.milkid.report.Report;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code milkid report}: rebuilds report.html from an experiment's folder. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Rebuild report.html from the results.json and panels/ of an experiment folder (no training,"
                + " no network): one self-contained page with tables, charts and panels.")
final class ReportCommand implements Callable<Integer> {
    @Option(names = "--results", required = true, paramLabel = "DIR", description = "the experiment's output folder")
    Path results;

    @Override
    public Integer call() throws Exception {
        Path file = Report.write(results);
        System.out.println("report: " + file);
        return 0;
    }
}
