package org.milkid.train;

import java.util.List;

/**
 * Where a training stood after an epoch: all {@link MilTrainer} needs to go on with the next epoch
 * as if it had never stopped (written by {@link TrainingStateCodec}, kept by an {@link EpochCheckpoint}).
 *
 * @param attempt the attempt (0 the first; see {@link TrainConfig#restarts()})
 * @param abandonedEpochs the epochs of the attempts abandoned before it
 * @param epoch the last epoch finished (1-based)
 * @param params the model's parameters after it, in the model's order
 * @param adam the optimizer's moments and step counts
 * @param order the training bags' order after the epoch's shuffle, as indices into the training list
 * @param orderRandom the bag-order generator after that shuffle ({@link java.util.Random}, serialised)
 * @param augmentationRandom the augmentation generator, serialised
 * @param best the parameters of the best epoch so far (null: no finite validation loss yet)
 * @param bestEpoch its epoch (0: none)
 * @param bestLoss its validation loss
 * @param bestAccuracy its validation accuracy
 * @param bestPositiveShare its share of validation bags predicted positive
 * @param history the attempt's epochs
 * @param stepMs the wall time of every step of the attempt so far
 * @param seconds the wall time of the training so far, abandoned attempts included
 */
public record TrainingState(int attempt, int abandonedEpochs, int epoch, List<float[]> params,
        AdamMoments adam, int[] order, byte[] orderRandom, byte[] augmentationRandom, List<float[]> best,
        int bestEpoch, double bestLoss, double bestAccuracy, double bestPositiveShare, List<EpochReport> history,
        double[] stepMs, double seconds) {
    public TrainingState {
        params = List.copyOf(params);
        best = best == null ? null : List.copyOf(best);
        history = List.copyOf(history);
    }

    /**
     * Why this state cannot go on training a model of these parameter lengths on {@code bags}
     * training bags with {@code config}, or is not consistent in itself; null when it can. Whether it
     * is a state of the same training (seed, settings, bags) is the checkpoint's to check.
     */
    String misfit(List<float[]> modelParams, int bags, TrainConfig config) {
        if (attempt < 0 || attempt > config.restarts() || abandonedEpochs < 0) {
            return "attempt " + attempt + " of at most " + (config.restarts() + 1) + " after " + abandonedEpochs
                    + " abandoned epochs";
        }
        if (epoch < 1 || epoch > config.epochs() || history.size() != epoch) {
            return "epoch " + epoch + " with " + history.size() + " epochs of history, of at most " + config.epochs();
        }
        if (bestEpoch < 0 || bestEpoch > epoch || (best == null) != (bestEpoch == 0)) {
            return "best epoch " + bestEpoch + " after epoch " + epoch + (best == null ? " without" : " with")
                    + " its weights";
        }
        int most = 0;
        for (int c : adam.counts()) {
            most = Math.max(most, c);
        }
        if (adam.numUpdate() != most) {
            return "an optimizer count of " + adam.numUpdate() + " for parameters updated at most " + most + " times";
        }
        if (!(seconds >= 0)) {
            return "a training time of " + seconds + " s";
        }
        if (!sameLengths(params, modelParams) || best != null && !sameLengths(best, modelParams)
                || adam.counts().length != modelParams.size() || !momentsFit(adam.means(), modelParams)
                || !momentsFit(adam.variances(), modelParams)) {
            return "parameters of another model";
        }
        if (order.length != bags) {
            return order.length + " training bags, not " + bags;
        }
        boolean[] seen = new boolean[bags];
        for (int i : order) {
            if (i < 0 || i >= bags || seen[i]) {
                return "a bag order that is not a permutation of the " + bags + " training bags";
            }
            seen[i] = true;
        }
        return null;
    }

    private static boolean sameLengths(List<float[]> a, List<float[]> model) {
        if (a.size() != model.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i) == null || a.get(i).length != model.get(i).length) {
                return false;
            }
        }
        return true;
    }

    private static boolean momentsFit(List<float[]> m, List<float[]> model) {
        if (m.size() != model.size()) {
            return false;
        }
        for (int i = 0; i < m.size(); i++) {
            if (m.get(i) != null && m.get(i).length != model.get(i).length) {
                return false;
            }
        }
        return true;
    }
}
