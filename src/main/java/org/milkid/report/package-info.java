/**
 * The report stage: figures and the HTML page, from results alone. {@link org.milkid.report.Mosaic}
 * draws a bag as its source image, {@link org.milkid.report.Panels} the seven panels (a)-(g) of the
 * paper's Figs. 3-4 ({@link org.milkid.report.SlidePanels}: tile heatmaps instead, for whole slides),
 * {@link org.milkid.report.Charts} bar and line charts in plain Java2D, and
 * {@link org.milkid.report.Report} the one self-contained {@code report.html} (embedded PNGs, no
 * script, no request, all text escaped by {@link org.milkid.report.Html}) from the records of
 * {@code org.milkid.results}: a page frame ({@code Page}, its styles the resource {@code report.css})
 * and one class per section ({@code SettingsSection}, {@code TimeSection}, {@code DataSection},
 * {@code BagsSection}, {@code KidSection}, {@code StudySection}, {@code PanelsSection},
 * {@code DeviationsSection}); {@link org.milkid.report.StudyReport} sets a study's parts side by side
 * with the same sections. The paper's own figures
 * are in {@link org.milkid.report.PaperNumbers}, the deviations from it in
 * {@link org.milkid.report.Deviations}. Nothing here trains or detects.
 */
package org.milkid.report;
