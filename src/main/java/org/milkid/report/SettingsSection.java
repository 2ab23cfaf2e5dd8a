package org.milkid.report;

import java.util.List;
import org.milkid.results.ExperimentResults;
import org.milkid.results.Results;
import org.milkid.results.ResultsCodec;

/** The section "Settings and provenance": the protocol, every setting, versions and machine. */
final class SettingsSection {
    private SettingsSection() {
    }

    static void write(Html h, Results r) {
        h.el("h2", "settings", "Settings and provenance");
        if (r instanceof ExperimentResults e) {
            h.el("p", e.protocol());
        }
        h.table("kv", null, List.of("setting", "value"), ResultsCodec.settings(r).stream()
                .map(s -> List.of(s.name(), Cells.or(s.value()))).toList());
    }
}
