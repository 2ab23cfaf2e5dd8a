package org.milkid.bag;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.milkid.util.BadInputException;

/** Seeded, stratified splits of bags: a hold-out part and k folds. */
public final class Splits {
    private Splits() {
    }

    /** Two parts of a list of bags. */
    public record Split(List<Bag> train, List<Bag> heldOut) {
    }

    /**
     * Holds out {@code fraction} of the bags of each class (at least one of each class that has
     * two or more bags), chosen by {@code seed}; the rest keep their order.
     */
    public static Split holdOut(List<Bag> bags, double fraction, long seed) {
        Random rng = new Random(seed);
        List<Bag> train = new ArrayList<>();
        List<Bag> held = new ArrayList<>();
        boolean[] hold = new boolean[bags.size()];
        for (int label = 0; label <= 1; label++) {
            List<Integer> idx = indicesOf(bags, label);
            Collections.shuffle(idx, rng);
            int n = (int) Math.round(idx.size() * fraction);
            if (n == 0 && idx.size() >= 2) {
                n = 1;
            }
            for (int i = 0; i < n; i++) {
                hold[idx.get(i)] = true;
            }
        }
        for (int i = 0; i < bags.size(); i++) {
            (hold[i] ? held : train).add(bags.get(i));
        }
        return new Split(train, held);
    }

    /**
     * Assigns every bag to exactly one of {@code k} folds, stratified by label: returns the fold
     * index of every bag.
     */
    public static int[] foldAssignment(List<Bag> bags, int k, long seed) {
        if (k < 2 || k > bags.size()) {
            throw new BadInputException("--folds must be in 2.." + bags.size() + ", got " + k);
        }
        Random rng = new Random(seed);
        int[] fold = new int[bags.size()];
        int next = 0;
        for (int label = 0; label <= 1; label++) {
            List<Integer> idx = indicesOf(bags, label);
            Collections.shuffle(idx, rng);
            for (int i : idx) {
                fold[i] = next;
                next = (next + 1) % k;
            }
        }
        return fold;
    }

    /** The bags of fold {@code f} as the held-out part, the others as the training part. */
    public static Split fold(List<Bag> bags, int[] assignment, int f) {
        List<Bag> train = new ArrayList<>();
        List<Bag> test = new ArrayList<>();
        for (int i = 0; i < bags.size(); i++) {
            (assignment[i] == f ? test : train).add(bags.get(i));
        }
        return new Split(train, test);
    }

    private static List<Integer> indicesOf(List<Bag> bags, int label) {
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < bags.size(); i++) {
            if (bags.get(i).label() == label) {
                idx.add(i);
            }
        }
        return idx;
    }
}
