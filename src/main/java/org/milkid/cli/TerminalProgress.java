package org.milkid.cli;

import java.io.PrintStream;
import org.milkid.util.Durations;
import org.milkid.util.Progress;

/**
 * Progress for the command line: on a terminal a bar with percentage and ETA redrawn in place;
 * elsewhere (CI, pipes) a plain log line at most every 15 seconds per task.
 */
final class TerminalProgress implements Progress {
    private static final long LOG_EVERY_NANOS = 15_000_000_000L;
    private final PrintStream out;
    private final boolean terminal;
    private String task = "";
    private long taskStart;
    private long lastLog;
    private long lastDone;
    private boolean barShown;

    TerminalProgress(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    static TerminalProgress forStderr() {
        return new TerminalProgress(System.err, System.console() != null && System.getenv("CI") == null);
    }

    @Override
    public synchronized void message(String line) {
        clearBar();
        out.println(line);
        out.flush();
    }

    @Override
    public synchronized void update(String name, long done, long total) {
        long now = System.nanoTime();
        String base = name.contains(" (") ? name.substring(0, name.indexOf(" (")) : name;
        if (!base.equals(task) || done < lastDone) {
            // a new task, or the same task starting over (the next bag of an inversion)
            task = base;
            taskStart = now;
            lastLog = now;
        }
        lastDone = done;
        double frac = total > 0 ? Math.min(1.0, (double) done / total) : 0;
        double elapsed = (now - taskStart) / 1e9;
        String eta = frac > 0 && done < total ? " ETA " + time(elapsed * (1 - frac) / frac) : "";
        if (terminal) {
            int width = 30;
            int filled = (int) Math.round(frac * width);
            String bar = "#".repeat(filled) + "-".repeat(width - filled);
            out.print(String.format("\r%-40.40s [%s] %3d%% %s%s   ", name, bar, Math.round(frac * 100), time(elapsed), eta));
            out.flush();
            barShown = true;
        } else if (now - lastLog >= LOG_EVERY_NANOS) {
            lastLog = now;
            out.println(String.format("%s: %d/%d (%d%%)%s", name, done, total, Math.round(frac * 100), eta));
            out.flush();
        }
    }

    private void clearBar() {
        if (barShown) {
            out.print("\r" + " ".repeat(100) + "\r");
            barShown = false;
        }
    }

    private static String time(double seconds) {
        return Durations.clock(seconds);
    }
}
