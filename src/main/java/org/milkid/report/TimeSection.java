package org.milkid.report;

import static org.milkid.report.Cells.DASH;
import static org.milkid.report.Cells.duration;
import static org.milkid.report.Cells.fmt0;
import static org.milkid.report.Cells.fmt1;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.milkid.results.ExperimentResults;
import org.milkid.results.ResultsCodec;

/** The section "Running time": the estimate against the actual time, and the work it counted. */
final class TimeSection {
    private TimeSection() {
    }

    static void write(Html h, ExperimentResults.Time t) {
        h.el("h2", "time", "Running time");
        ResultsCodec.Work w = ResultsCodec.work(t);
        double k = w.probeInstances();
        List<List<String>> rows = new ArrayList<>();
        double est = t.estimatedSeconds();
        double act = t.actualSeconds();
        rows.add(List.of("estimated before the start (runs of this invocation)", duration(est)));
        rows.add(List.of("actual wall time of this invocation", duration(act)));
        rows.add(List.of("actual / estimated", est > 0 ? String.format(Locale.ROOT, "%.2f", act / est) : DASH));
        if (t.parallelRuns() > 1) {
            rows.add(List.of("estimated wall time with " + t.parallelRuns() + " runs at once",
                    duration(t.estimatedWallSeconds())));
        }
        rows.add(List.of("runs done by this invocation", Integer.toString(t.runsThisInvocation())));
        rows.add(List.of("summed wall time of all runs", duration(t.runSeconds())));
        rows.add(List.of("work counted", String.format(Locale.ROOT, "%,.0f training steps, %,.0f forward passes,"
                + " %,.0f inversion iterations, %,.0f sweep iterations", w.trainSteps(), w.forwardPasses(),
                w.inversionIterations(), w.sweepIterations())));
        rows.add(List.of("probe (one bag of " + fmt0(k) + " instances, " + fmt1(w.probeSeconds()) + " s)",
                String.format(Locale.ROOT, "%.1f ms a training step, %.1f ms a forward pass, %.1f ms an inversion"
                        + " iteration, %.1f ms a sweep iteration of %s lambdas", w.trainStep() * k, w.forward() * k,
                        w.inversionIteration() * k, w.sweepIteration() * k, Cells.or(w.sweepRows()))));
        h.table("kv", null, List.of("", ""), rows);
        h.p("small", "The estimate multiplies the probe's costs by the counts of training steps (every epoch, so an"
                + " upper bound when early stopping ends training sooner), forward passes and inversion iterations"
                + " (for the truly positive test bags, as only bags predicted positive are inverted).");
    }
}
