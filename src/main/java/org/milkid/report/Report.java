package org.milkid.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.milkid.results.DemoResults;
import org.milkid.results.ExperimentResults;
import org.milkid.results.Results;
import org.milkid.results.ResultsCodec;
import org.milkid.util.AtomicFiles;

/**
 * Renders {@code report.html} from an experiment's folder alone: {@code results.json} (read by
 * {@link ResultsCodec}) and the panels under {@code panels/}. The page is one self-contained file:
 * styles inline, every figure a PNG embedded as a data URI, no script, no request to anywhere, all
 * text HTML-escaped. It knows nothing about training or detection; it only reads their results.
 *
 * <p>Sections, one class each: settings and provenance ({@link SettingsSection}); estimated and
 * actual running time ({@link TimeSection}); the data as in the paper's Tables I and II
 * ({@link DataSection}); bag accuracy as in Table III ({@link BagsSection}); the KID table of every
 * method with the charts of F1 per method as in Fig. 2, against lambda and against the threshold
 * ({@link KidSection}); the KID study when the results have one ({@link StudySection}); the panels
 * (a)-(g) of Figs. 3-4, or for whole slides tile heatmaps ({@link PanelsSection}); every deviation
 * from the paper ({@link DeviationsSection}).
 */
public final class Report {
    /** The report's file name. */
    public static final String FILE = Page.FILE;

    private Report() {
    }

    /**
     * Reads {@code dir/results.json} and {@code dir/panels/}, and writes {@code dir/report.html}: the
     * experiment's page, or for the results of {@code milkid demo} (a single run) the demo's page; in
     * a study's folder (study.json, no results.json) the study's page.
     */
    public static Path write(Path dir) throws IOException {
        Path file = dir.resolve(ResultsCodec.FILE);
        if (!Files.isRegularFile(file) && Files.isRegularFile(dir.resolve(StudyReport.FILE))) {
            return StudyReport.write(dir);
        }
        Results results = ResultsCodec.read(file);
        String html = results instanceof DemoResults d ? render(d, dir) : render((ExperimentResults) results, dir);
        Path page = dir.resolve(FILE);
        AtomicFiles.writeString(page, html);
        return page;
    }

    /** The page of an experiment; panels are read from {@code dir/panels} when present. */
    public static String render(ExperimentResults r, Path dir) throws IOException {
        String dataset = r.table().dataset();
        ResultsCodec.Setup setup = ResultsCodec.setup(r);
        Html h = Page.head("milkid experiment: " + Cells.or(setup.preset()) + " on " + PaperNumbers.name(dataset));
        h.p("lead", String.format(Locale.ROOT, "%s-fold cross-validation x %s repeats (%d of %d runs finished), seed"
                + " %s, %s methods. Every figure is mean%sSEM over the runs unless marked.", Cells.or(setup.folds()),
                Cells.or(setup.repeats()), r.runs().finished(), r.runs().total(), Cells.or(setup.seed()),
                r.table().methods().size(), Cells.PM.trim()));
        List<String[]> nav = new ArrayList<>(List.of(new String[] {"settings", "Settings and provenance"},
                new String[] {"time", "Running time"}, new String[] {"data", "Data (Tables I and II)"},
                new String[] {"bags", "Bag classification (Table III)"},
                new String[] {"kid", "Key instance detection (Fig. 2)"}));
        if (r.kidStudy() != null) {
            nav.add(new String[] {"study", "KID study"});
        }
        nav.add(new String[] {"panels", dataset.equals("features") ? "Heatmaps of test slides" : "Panels (Figs. 3-4)"});
        nav.add(new String[] {"deviations", "Where milkid differs from the paper"});
        Page.nav(h, nav);
        notes(h, r);
        SettingsSection.write(h, r);
        TimeSection.write(h, r.time());
        DataSection.write(h, r.data(), dataset);
        BagsSection.write(h, r.table());
        KidSection.write(h, r);
        if (r.kidStudy() != null) {
            StudySection.write(h, r.kidStudy(), "study",
                    "KID study: the paper's methods and milkid's on the same models");
        }
        if (dataset.equals("features")) {
            PanelsSection.slideHeatmaps(h, dir);
        } else {
            PanelsSection.panels(h, dir, "Positive test bags of the first fold of the first repeat. Threshold and"
                    + " lambda are the ones that are best on that fold's test bags, as in the paper's figures.");
        }
        DeviationsSection.write(h);
        return Page.foot(h, "results.json; rebuild with: milkid report --results DIR");
    }

    /**
     * The page of {@code milkid demo}: its notes and settings, bag classification, the KID table with
     * every figure's 95% interval over the positive test bags, the panels (a)-(g) of a few positive
     * test bags, and the deviations from the paper.
     */
    public static String render(DemoResults r, Path dir) throws IOException {
        String dataset = r.table().dataset();
        Html h = Page.head("milkid demo on " + PaperNumbers.name(dataset));
        h.p("lead", String.format(Locale.ROOT, "One run on %d test bags (%d positive, %d key instances), seed %s. Every"
                + " KID figure is followed by its 95%% confidence interval in brackets: a bootstrap over the positive"
                + " test bags at the method's chosen threshold and lambda.", r.testBags().bags(),
                r.testBags().positive(), r.testBags().keyInstances(), Cells.or(ResultsCodec.setup(r).seed())));
        Page.nav(h, List.of(new String[] {"settings", "Settings and provenance"},
                new String[] {"bags", "Bag classification"}, new String[] {"kid", "Key instance detection"},
                new String[] {"panels", "Panels (Figs. 3-4)"},
                new String[] {"deviations", "Where milkid differs from the paper"}));
        notes(h, r);
        SettingsSection.write(h, r);
        BagsSection.write(h, r.table());
        KidSection.write(h, r);
        PanelsSection.panels(h, dir, "Positive test bags of the demo. Threshold and lambda are the ones that are best"
                + " on the test bags, as in the paper's figures.");
        DeviationsSection.write(h);
        return Page.foot(h, "results.json; rebuild with: milkid report --results DIR");
    }

    private static void notes(Html h, Results r) {
        if (r.notes().isEmpty()) {
            return;
        }
        h.raw("<div class=\"notes\">");
        r.notes().forEach(n -> h.el("p", n));
        h.raw("</div>\n");
    }
}
