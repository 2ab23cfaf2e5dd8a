package org.milkid.bench;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.milkid.bag.Bag;
import org.milkid.detect.InversionConfig;
import org.milkid.detect.InversionDefaults;
import org.milkid.detect.InversionLoop;
import org.milkid.model.EncoderKind;
import org.milkid.model.MilModel;
import org.milkid.model.ModelConfig;
import org.milkid.model.ModelKind;
import org.milkid.train.MilTrainer;
import org.milkid.train.TrainConfig;
import org.milkid.train.TrainListener;
import org.milkid.util.BadInputException;
import org.milkid.util.Json;
import org.milkid.model.Versions;

/**
 * Whether native memory stays flat through long loops: the resident memory of the process early in
 * a long sparse inversion and at its end, and early in a long training run and at its end, split
 * into the Java heap and the rest ({@link ProcessMemory}). A leak of libtorch's buffers of a bag's
 * worth per step shows as growth of the rest between two readings; a flat loop stays within a few
 * percent (issue 8: within 10%). The Java heap is sized by the garbage collector to the rate of
 * garbage of the moment (a training loop's bags and per-step objects took it from 32 to 140 MiB
 * here at step 100-300), which moves the whole figure without any memory being lost.
 *
 * @see #run
 */
public final class MemoryCheck {
    private MemoryCheck() {
    }

    /**
     * The resident memory of the process at one point of a loop, in MiB: the lowest over the last
     * tenth of the iterations up to {@code at}, from a collected Java heap at the tenth's start. One
     * reading alone jumps by 10-20% while libtorch's allocator holds the buffers of the moment; the
     * lowest of a series shows what stays, and a leak lifts it.
     *
     * @param at the iteration or step
     * @param rss the lowest VmRSS (the whole process) of the window
     * @param outsideHeap the lowest resident memory outside the Java heap (libtorch, the JVM's own
     *     native memory, code) of the window; NaN where the heap's range is unknown
     */
    public record Reading(int at, double rss, double outsideHeap) {
    }

    /**
     * The readings of both loops, each at a tenth of the loop, at half of it and at its end (for the
     * defaults: inversion iterations 200, 2,000 and 4,000; training steps 100, 1,000 and 2,000).
     * Issue 8 compares the first two, of the memory outside the Java heap; the third tells a plateau
     * of the allocators (no growth from the second to the third reading) from a leak (which keeps
     * growing).
     *
     * @param instances the instances of the bag
     * @param inversion the three inversion readings
     * @param training the three training readings
     */
    public record Figures(int instances, List<Reading> inversion, List<Reading> training) {

        /** Relative growth of the memory outside the Java heap from the first to the second inversion reading. */
        public double inversionGrowth() {
            return growth(inversion, 0, 1);
        }

        /** Relative growth from the second to the third inversion reading (a leak keeps growing). */
        public double inversionLateGrowth() {
            return growth(inversion, 1, 2);
        }

        /** Relative growth of the memory outside the Java heap from the first to the second training reading. */
        public double trainGrowth() {
            return growth(training, 0, 1);
        }

        /** Relative growth from the second to the third training reading. */
        public double trainLateGrowth() {
            return growth(training, 1, 2);
        }

        private static double growth(List<Reading> r, int a, int b) {
            return r.get(b).outsideHeap() / r.get(a).outsideHeap() - 1;
        }

        public String describe() {
            return String.format(Locale.ROOT, "resident memory outside the Java heap (whole process), inversion of %d"
                    + " instances: %s; training: %s", instances, line(inversion, "iterations"),
                    line(training, "steps"));
        }

        private static String line(List<Reading> r, String unit) {
            return String.format(Locale.ROOT,
                    "%.0f (%.0f) / %.0f (%.0f) / %.0f (%.0f) MiB after %d / %d / %d %s (%+.1f%%, then %+.1f%%)",
                    r.get(0).outsideHeap(), r.get(0).rss(), r.get(1).outsideHeap(), r.get(1).rss(),
                    r.get(2).outsideHeap(), r.get(2).rss(), r.get(0).at(), r.get(1).at(), r.get(2).at(), unit,
                    100 * growth(r, 0, 1), 100 * growth(r, 1, 2));
        }
    }

    /**
     * Runs a sparse inversion of {@code 20 * inversionEarly} iterations and a training run of
     * {@code 20 * trainEarly} Adam steps on random bags of {@code instances} digit-sized instances,
     * reading the resident memory after a twentieth, half and all of each.
     */
    public static Figures run(int instances, int inversionEarly, int trainEarly, long seed, Consumer<String> progress) {
        if (instances < 1 || inversionEarly < 1 || trainEarly < 1) {
            throw new BadInputException("instances, iterations and steps must be positive");
        }
        SplittableRandom rng = new SplittableRandom(seed);
        long[] heap = ProcessMemory.javaHeapRange();
        List<Window> inv = List.of(new Window(inversionEarly, heap), new Window(10 * inversionEarly, heap),
                new Window(20 * inversionEarly, heap));
        List<Window> tr = List.of(new Window(trainEarly, heap), new Window(10 * trainEarly, heap),
                new Window(20 * trainEarly, heap));
        try (MilModel model = MilModel.create(ModelConfig.of(ModelKind.ATTENTION, EncoderKind.LENET), seed)) {
            int iterations = 20 * inversionEarly;
            progress.accept("memory: " + iterations + " inversion iterations on a bag of " + instances + " ...");
            float[][] starts = {Timings.pixels(rng, instances)};
            float lambda = InversionDefaults.MNIST.lambdas()[0];
            InversionConfig ic = InversionConfig.paperSparse(InversionDefaults.MNIST, lambda).withIterations(iterations);
            InversionLoop.run(model, new long[] {instances, 1, 28, 28}, starts, new float[] {lambda}, new int[] {1}, ic,
                    it -> inv.forEach(w -> w.offer(it)));
            progress.accept("memory: " + 20 * trainEarly + " training steps on bags of " + instances + " ...");
            List<Bag> bags = new ArrayList<>();
            for (int i = 0; i < trainEarly; i++) {
                bags.add(new Bag("m" + i, i % 2, 1, 28, 28, Timings.pixels(rng, instances), null, null));
            }
            List<Bag> validation = List.of(new Bag("v", 1, 1, 28, 28, Timings.pixels(rng, 2), null, null));
            int[] steps = {0};
            TrainConfig tc = TrainConfig.paperMnist(seed).withEpochs(20).withPatience(0);
            new MilTrainer(tc, new TrainListener() {
                @Override
                public void onStep(int epoch, int step, int stepsPerEpoch, double runningLoss) {
                    steps[0]++;
                    tr.forEach(w -> w.offer(steps[0]));
                }
            }).fit(model, bags, validation);
        }
        return new Figures(instances, inv.stream().map(Window::reading).toList(),
                tr.stream().map(Window::reading).toList());
    }

    /**
     * Collects the readings of the last tenth of the iterations up to {@code at}, at most
     * {@link #READINGS} of them (reading smaps takes a few milliseconds).
     */
    private static final class Window {
        private static final int READINGS = 50;
        private final int at;
        private final int from;
        private final int every;
        private final long[] heap;
        private double rss = Double.POSITIVE_INFINITY;
        private double outside = Double.POSITIVE_INFINITY;

        Window(int at, long[] heap) {
            this.at = at;
            int length = Math.max(1, at / 10);
            this.from = at - length + 1;
            this.every = Math.max(1, length / READINGS);
            this.heap = heap;
        }

        void offer(int iteration) {
            if (iteration == from) {
                System.gc(); // the window starts from a collected heap: garbage is not growth
            }
            if (iteration >= from && iteration <= at && ((at - iteration) % every == 0)) {
                rss = Math.min(rss, residentMiB());
                outside = Math.min(outside, heap == null ? Double.NaN : ProcessMemory.residentOutsideMiB(heap));
            }
        }

        Reading reading() {
            return new Reading(at, finite(rss), finite(outside));
        }

        private static double finite(double v) {
            return Double.isInfinite(v) ? Double.NaN : v;
        }
    }

    /** The figures as bench-memory.json: the readings, the growths and the versions. */
    public static JsonObject toJson(Figures f) {
        JsonObject j = Json.gson().toJsonTree(f).getAsJsonObject();
        j.addProperty("inversionGrowth", Math.round(f.inversionGrowth() * 1e4) / 1e4);
        j.addProperty("inversionLateGrowth", Math.round(f.inversionLateGrowth() * 1e4) / 1e4);
        j.addProperty("trainGrowth", Math.round(f.trainGrowth() * 1e4) / 1e4);
        j.addProperty("trainLateGrowth", Math.round(f.trainLateGrowth() * 1e4) / 1e4);
        j.addProperty("goal", "native memory (resident outside the Java heap) after 2,000 inversion iterations within"
                + " 10% of that after 200, and after 1,000 training steps within 10% of that after 100 (issue 8)");
        j.addProperty("note", "rss: VmRSS of /proc/self/status (the whole process: JVM, Java heap, libtorch);"
                + " outsideHeap: the Rss of /proc/self/smaps outside the Java heap's range (GC.heap_info); growths are"
                + " of outsideHeap; each the lowest over the last tenth of the iterations up to the reading (at most 50"
                + " readings), the heap collected at the tenth's start");
        j.add("versions", Json.gson().toJsonTree(Versions.all()));
        return j;
    }

    /** VmRSS of this process in MiB (NaN where /proc is absent). */
    static double residentMiB() {
        Double v = ProcessMemory.procStatusMiB("VmRSS");
        return v == null ? Double.NaN : v;
    }
}
