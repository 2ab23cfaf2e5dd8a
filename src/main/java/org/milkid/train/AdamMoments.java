package org.milkid.train;

import java.util.List;

/**
 * The state of a training's Adam optimizer after an epoch (part of a {@link TrainingState}).
 *
 * @param numUpdate the step count of the last update
 * @param counts the updates of each parameter, in the model's parameter order
 * @param means the first moments, in that order (null for a parameter never updated)
 * @param variances the second moments, in that order (null for a parameter never updated)
 */
public record AdamMoments(int numUpdate, int[] counts, List<float[]> means, List<float[]> variances) {
}
