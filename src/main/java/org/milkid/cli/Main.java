package org.milkid.cli;

import java.io.IOException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code milkid} command line: thin commands that parse options into typed configs and call
 * the library. Only {@link #main} exits; user errors end with one line and a non-zero code.
 */
@Command(name = "milkid", mixinStandardHelpOptions = true, version = "milkid 0.1.0",
        description = "Multiple-instance learning that says which instances made the decision.",
        subcommands = {CommandLine.HelpCommand.class, DemoCommand.class, TrainCommand.class, DetectCommand.class,
                ExperimentCommand.class, ReportCommand.class, BenchCommand.class})
public final class Main implements Runnable {
    /** Exit code of a user error (bad option, bad file). */
    public static final int USER_ERROR = 2;
    /** Exit code of an unexpected failure. */
    public static final int FAILURE = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** The configured command line, shared by {@link #main} and the tests. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, line, parse) -> {
            PrintWriter err = line.getErr();
            if (ex instanceof IllegalArgumentException || ex instanceof IOException
                    || ex instanceof java.io.UncheckedIOException) {
                err.println("milkid: " + ex.getMessage());
                err.flush();
                return USER_ERROR;
            }
            err.println("milkid: unexpected failure: " + ex);
            ex.printStackTrace(err);
            err.flush();
            return FAILURE;
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("milkid: " + ex.getMessage() + " (see: milkid help "
                    + ex.getCommandLine().getCommandName() + ")");
            err.flush();
            return USER_ERROR;
        });
        return cl;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
