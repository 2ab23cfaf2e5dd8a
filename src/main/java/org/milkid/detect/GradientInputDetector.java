package org.milkid.detect;

import org.milkid.bag.Bag;
import org.milkid.eval.InstanceScores;
import org.milkid.model.MilModel;
import org.milkid.model.Prediction;

/**
 * Gradient times input per instance: the score of instance k is sum over its pixels of
 * x * d(bag logit)/dx, a first-order estimate of the instance's contribution to the logit.
 * Uses the logit, not the NLL, so that confident bags still give a gradient.
 */
public final class GradientInputDetector extends PerBagDetector {

    public GradientInputDetector(String name) {
        super(name);
    }

    @Override
    Detection detect(MilModel model, Bag b, Prediction p) {
        // minimising the LOGIT objective for target 0 means its gradient is +d(logit)/dx
        float[] g = InversionLoop.inputGradient(model, b.pixels(), b.shape(), 0, Objective.LOGIT);
        float[] x = b.pixels();
        int n = b.instanceLength();
        float[] score = new float[b.size()];
        for (int k = 0; k < score.length; k++) {
            double s = 0;
            for (int j = k * n; j < (k + 1) * n; j++) {
                s += (double) g[j] * x[j];
            }
            score[k] = (float) s;
        }
        return new Detection(b, p.probability(), InstanceScores.minMax(p.weights()), InstanceScores.minMax(score), null);
    }
}
