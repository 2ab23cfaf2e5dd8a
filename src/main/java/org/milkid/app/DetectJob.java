package org.milkid.app;

import com.google.gson.JsonElement;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.milkid.bag.Bag;
import org.milkid.data.DatasetSpec;
import org.milkid.data.Datasets;
import org.milkid.data.ModelProvenance;
import org.milkid.data.features.FeatureBagsConfig;
import org.milkid.detect.Detection;
import org.milkid.detect.InversionConfig;
import org.milkid.detect.KidEvaluation;
import org.milkid.eval.KidResult;
import org.milkid.eval.KidScores;
import org.milkid.experiment.BagScheduler;
import org.milkid.experiment.DevelopmentThreshold;
import org.milkid.experiment.MethodOutcome;
import org.milkid.experiment.MethodRunner;
import org.milkid.experiment.RunSchedulers;
import org.milkid.model.MilModel;
import org.milkid.model.Provenance;
import org.milkid.report.Panels;
import org.milkid.results.DetectSummary;
import org.milkid.results.ResultsCodec;
import org.milkid.slide.QuPathGeoJson;
import org.milkid.slide.TileHeatmap;
import org.milkid.slide.TileScores;
import org.milkid.util.AtomicFiles;
import org.milkid.util.BadInputException;
import org.milkid.util.Json;
import org.milkid.util.OutputPaths;
import org.milkid.util.Progress;
import org.milkid.util.SafeNames;

/**
 * {@code milkid detect}: key instances of the test bags of the data set a model was trained on,
 * written as a CSV with one row per instance, a summary JSON and PNG mosaics; for feature bags
 * (whole slides) a QuPath GeoJSON file and a tile heatmap per slide instead of the mosaics. With
 * {@code --spark} the per-bag part runs in Spark tasks; the files are the same.
 */
public final class DetectJob {
    private DetectJob() {
    }

    /**
     * Runs the request; returns the summary it wrote. With {@link DetectRequest#spark} the scheduler
     * starts first (a missing Spark or a bad master is told before anything is read), the test bags
     * are detected on it in groups ({@link BagGroups}, {@link DetectPlan}) and everything else is done
     * here as without it.
     */
    public static DetectSummary run(DetectRequest req, Progress progress) throws IOException {
        try (BagScheduler scheduler = req.spark() == null ? null : RunSchedulers.sparkBags(req.spark(), progress)) {
            return run(req, scheduler, progress);
        }
    }

    /**
     * Runs the request, detecting the test bags in groups on {@code scheduler} (null: in one go in
     * this process, as {@link MethodRunner#run}).
     */
    public static DetectSummary run(DetectRequest req, BagScheduler scheduler, Progress progress) throws IOException {
        OutputPaths.requireWritableFolder(req.out(), "--out");
        try (MilModel model = MilModel.load(req.model())) {
            DatasetSpec spec = withTileSize(ModelProvenance.dataset(model, req.model(), req.dataDir()), req.tileSize());
            req.method().requireAccepts(model.config().kind(), "--method " + req.method().cliName(),
                    req.model().toString());
            Datasets.Loaded data = Datasets.load(spec);
            data.warnings().forEach(w -> progress.message("warning: " + w));
            List<Bag> bags = req.maxBags() > 0 && data.test().size() > req.maxBags()
                    ? data.test().subList(0, req.maxBags()) : data.test();
            MethodRunner runner = new MethodRunner(Datasets.inversionDefaults(spec.dataset()), req.lambdas(),
                    req.thresholds(), req.adjust(), progress).withTraining(data.train());
            InversionConfig inv = runner.inversion(req.method());
            progress.message(req.method().key() + " (" + req.method().description() + ") on " + bags.size()
                    + " test bags of " + spec.dataset() + (inv != null ? "; inversion " + inv : ""));
            boolean features = model.config().encoder().isFeatures();
            MethodOutcome o = scheduler == null ? runner.run(req.method(), model, bags)
                    : BagGroups.detect(scheduler, DetectPlan.of(req.model(), model, spec, req.method(), runner,
                            !features && req.mosaics() > 0), runner, req.method(), bags, progress);
            Marking mark = marking(req, model);
            progress.message("key instances marked at t = " + mark.threshold() + " (" + mark.from() + ")");
            double t = mark.threshold();
            DetectSummary summary = summary(req, spec, o, inv, mark, model.provenance());
            AtomicFiles.writeDir(req.out(), dir -> {
                writeCsv(dir.resolve("instances.csv"), o.detections(), t);
                Json.write(dir.resolve("summary.json"), ResultsCodec.encode(summary));
                if (features) {
                    writeSlides(dir, model, o.detections(), t);
                } else {
                    writeMosaics(dir.resolve("mosaics"), o.detections(), t, req.mosaics());
                }
            });
            return summary;
        }
    }

    /** The threshold key instances are marked at when neither the request nor the model gives one. */
    public static final double FALLBACK_THRESHOLD = 0.5;

    /** The threshold that marks key instances, and where it came from. */
    record Marking(double threshold, String from) {
    }

    private static Marking marking(DetectRequest req, MilModel model) {
        if (req.threshold() != null) {
            return new Marking(req.threshold(), "--threshold");
        }
        DevelopmentThreshold stored = DevelopmentThreshold.of(model.provenance());
        if (stored != null && stored.method().equals(req.method().key())) {
            return new Marking(stored.threshold(), "chosen for " + stored.method() + " on " + stored.positiveBags()
                    + " development bags when the model was trained");
        }
        return new Marking(FALLBACK_THRESHOLD, "the model stores no threshold for " + req.method().key()
                + ": milkid's fallback; give --threshold, chosen on bags other than these");
    }

    private static DatasetSpec withTileSize(DatasetSpec s, int tileSize) {
        if (tileSize == 0) {
            return s;
        }
        if (s.features() == null) {
            throw new BadInputException("--tile-size is for models trained on feature bags; this one was trained on "
                    + s.dataset());
        }
        return new DatasetSpec(s.dataset(), s.mnist(), s.dataDir(), s.patchSize(), s.testFraction(), s.seed(),
                s.skipEmpty(), new FeatureBagsConfig(s.features().labels(), s.features().positiveLabel(), tileSize));
    }

    /** Per slide: {@code geojson/<slide>.geojson} for QuPath and {@code heatmaps/<slide>.png}. */
    static void writeSlides(Path dir, MilModel model, List<Detection> detections, double t) throws IOException {
        for (Detection d : detections) {
            float[] attention = model.config().kind().hasAttentionWeights() ? model.predict(d.bag()).weights() : null;
            TileScores s = TileScores.of(d, t, attention);
            String name = SafeNames.fileName(d.bag().id());
            QuPathGeoJson.write(dir.resolve("geojson").resolve(name + ".geojson"), s);
            TileHeatmap.writePng(s, dir.resolve("heatmaps").resolve(name + ".png"));
        }
    }

    private static DetectSummary summary(DetectRequest req, DatasetSpec spec, MethodOutcome o, InversionConfig inv,
            Marking mark, Provenance modelProvenance) {
        List<DetectSummary.LambdaKid> perLambda = new ArrayList<>();
        for (Map.Entry<Float, KidResult> e : o.perLambda().entrySet()) {
            perLambda.add(new DetectSummary.LambdaKid(e.getKey(), kid(e.getValue(), null, Double.NaN)));
        }
        return new DetectSummary(o.method().key(), o.method().description(), o.method().isPaper(), spec.dataset(),
                req.model().toString(), Json.gson().toJsonTree(inv), o.detections().size(), o.bagAccuracy(),
                o.bagAuc(), mark.threshold(), mark.from(), o.lambda(), kid(o.kid(), o.detections(), mark.threshold()),
                perLambda, o.seconds(), Json.gson().toJsonTree(modelProvenance));
    }

    /**
     * The KID figures of the detections: F1, precision and recall at the marking threshold {@code t}
     * (NaN: at the best threshold of the curve, for the per-lambda rows), with every threshold's.
     */
    private static DetectSummary.Kid kid(KidResult r, List<Detection> detections, double t) {
        if (r == null) {
            return new DetectSummary.Kid(null, null);
        }
        return new DetectSummary.Kid(Double.isNaN(t) ? r.best() : KidEvaluation.scores(detections).at(t), r);
    }

    /** instances.csv: one row per instance; the bag id is quoted as RFC 4180 asks when it holds , " or a line break. */
    static void writeCsv(Path file, List<Detection> detections, double t) throws IOException {
        AtomicFiles.write(file, out -> {
            PrintWriter w = new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8));
            w.println("bag,instance,true_label,bag_probability,score_before,score_after,predicted_key");
            for (Detection d : detections) {
                int[] y = d.bag().instanceLabels();
                for (int k = 0; k < d.bag().size(); k++) {
                    w.printf(java.util.Locale.ROOT, "%s,%d,%s,%.6f,%.6f,%.6f,%d%n", csvField(d.bag().id()), k,
                            y == null ? "" : Integer.toString(y[k]), d.probability(), d.before()[k], d.after()[k],
                            d.isKey(k, t) ? 1 : 0);
                }
            }
            w.flush();
        });
    }

    static String csvField(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    /** The mosaics of at most {@code limit} positive-predicted bags, named by {@link SafeNames} after the bag ids. */
    static void writeMosaics(Path dir, List<Detection> detections, double t, int limit) throws IOException {
        int written = 0;
        for (Detection d : detections) {
            if (written >= limit || d.predictedLabel() != 1) {
                continue;
            }
            String name = SafeNames.fileName(d.bag().id());
            for (Map.Entry<String, BufferedImage> e : Panels.ofDetection(d, t).entrySet()) {
                Panels.writeScaled(e.getValue(), d.bag(), dir.resolve(name + "-" + e.getKey() + ".png"));
            }
            written++;
        }
    }
}
