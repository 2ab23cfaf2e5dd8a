package org.milkid.cli;

import java.io.IOException;
import java.io.PrintWriter;
import org.milkid.model.NumericsException;
import org.milkid.model.Engines;
import org.milkid.util.BadInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code milkid} command line: thin commands that parse options into typed configs and call
 * the library. Only {@link #main} exits; user errors end with one line and exit code 2; a wrong
 * libtorch kernel ({@link NumericsException}) ends with one line and exit code 1; any other
 * failure with its stack trace and 1.
 */
@Command(name = "milkid", mixinStandardHelpOptions = true, version = "milkid 0.1.0",
        description = "Multiple-instance learning that says which instances made the decision.",
        subcommands = {CommandLine.HelpCommand.class, DemoCommand.class, TrainCommand.class, DetectCommand.class,
                ExperimentCommand.class, ReportCommand.class, BenchCommand.class, DoctorCommand.class})
public final class Main implements Runnable {
    /** Exit code of a user error (bad option, bad file). */
    public static final int USER_ERROR = 2;
    /** Exit code of an unexpected failure. */
    public static final int FAILURE = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "print the stack trace of an error too (for bug reports)")
    boolean verbose;

    @Option(names = "--reproducible", scope = ScopeType.INHERIT,
            description = "pin libtorch's CPU kernels (oneDNN and ATen at AVX2, MKL_CBWR=COMPATIBLE) and one thread, "
                    + "over your own settings, so that CPUs of other types with AVX2 can compute the same bits "
                    + "(see the README); slower")
    boolean reproducible;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** The configured command line, shared by {@link #main} and the tests. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionStrategy(parse -> {
            if (matched(parse, "--reproducible")) {
                try {
                    Engines.useReproducibleKernels();
                } catch (RuntimeException e) { // to the handler below: a user error exits 2
                    throw new CommandLine.ExecutionException(parse.commandSpec().commandLine(), e.getMessage(), e);
                }
            }
            return new CommandLine.RunLast().execute(parse);
        });
        cl.setExecutionExceptionHandler((ex, line, parse) -> {
            PrintWriter err = line.getErr();
            boolean user = isUserError(ex);
            boolean numerics = ex instanceof NumericsException;
            err.println(user || numerics ? "milkid: " + ex.getMessage() : "milkid: internal error: " + ex);
            if (!(user || numerics) || matched(parse, "--verbose")) {
                ex.printStackTrace(err);
            }
            err.flush();
            return user ? USER_ERROR : FAILURE;
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

    /**
     * A user error is bad input: an invalid option value or setting ({@link BadInputException},
     * which only milkid's own validation throws) or a file that is missing, unreadable or malformed
     * (IOException); its message names the culprit. Anything else, an IllegalArgumentException of
     * DJL or of milkid's internal checks included, is a failure of milkid itself.
     */
    static boolean isUserError(Throwable ex) {
        return ex instanceof BadInputException || ex instanceof IOException
                || ex instanceof java.io.UncheckedIOException;
    }

    /** Whether an inherited option was given on the command or any of its parents. */
    private static boolean matched(CommandLine.ParseResult parse, String option) {
        for (CommandLine.ParseResult p = parse; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption(option)) {
                return true;
            }
        }
        return false;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
