package org.milkid.app;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.milkid.bag.Bag;
import org.milkid.detect.Detection;
import org.milkid.detect.KidMethod;
import org.milkid.experiment.BagScheduler;
import org.milkid.experiment.MethodOutcome;
import org.milkid.experiment.MethodRunner;
import org.milkid.util.Progress;

/**
 * The driver's side of {@code detect --spark}: splits the test bags into groups, has a
 * {@link BagScheduler} detect every group ({@link DetectPlan}), puts the detections back in the bags'
 * order and scores them with {@link MethodRunner#outcome}, as the sequential run scores its own
 * ({@link MethodRunner#run} is the same two steps on one group of every bag).
 */
final class BagGroups {
    /** Groups per task slot: several, so that the slow bags (the inverted ones) spread over the slots. */
    static final int GROUPS_PER_SLOT = 4;

    private BagGroups() {
    }

    /**
     * The outcome of {@code plan}'s method on {@code bags}, detected in groups on {@code scheduler}.
     *
     * @param bags the test bags, in the order the plan's tasks find them
     * @param progress hears the bags detected so far
     */
    static MethodOutcome detect(BagScheduler scheduler, DetectPlan plan, MethodRunner runner, KidMethod method,
            List<Bag> bags, Progress progress) throws IOException {
        List<int[]> groups = groups(bags.size(), GROUPS_PER_SLOT * Math.max(1, scheduler.slots()));
        progress.message(bags.size() + " bags in " + groups.size() + " groups, " + scheduler.describe());
        Detection[][] found = new Detection[method.sweepsLambda() ? runner.lambdas().length : 1][bags.size()];
        long t0 = System.nanoTime();
        int[] done = {0};
        scheduler.run(plan, groups, (g, json) -> {
            int n = DetectionsJson.decode(json, bags, found);
            if (n != groups.get(g).length) {
                throw new IllegalStateException("group " + g + " returned " + n + " of its " + groups.get(g).length
                        + " bags");
            }
            done[0] += n;
            progress.update(method.key(), done[0], bags.size());
        });
        List<List<Detection>> lists = new ArrayList<>();
        for (Detection[] list : found) {
            for (int i = 0; i < list.length; i++) {
                if (list[i] == null) {
                    throw new IllegalStateException("bag " + i + " was not detected");
                }
            }
            lists.add(Arrays.asList(list));
        }
        return runner.outcome(method, lists, (System.nanoTime() - t0) / 1e9);
    }

    /**
     * {@code bags} bag indexes dealt into {@code count} groups (at most one per bag) in turn: bag
     * i goes to group i mod count, so every group gets bags from all over the list.
     */
    static List<int[]> groups(int bags, int count) {
        int g = Math.min(bags, Math.max(1, count));
        List<int[]> out = new ArrayList<>(g);
        for (int j = 0; j < g; j++) {
            int[] group = new int[(bags - j + g - 1) / g];
            for (int k = 0; k < group.length; k++) {
                group[k] = j + k * g;
            }
            out.add(group);
        }
        return out;
    }
}
