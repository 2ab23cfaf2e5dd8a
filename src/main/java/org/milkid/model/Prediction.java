package org.milkid.model;

/**
 * A model's output for one bag.
 *
 * @param probability the bag probability P (eq. 3)
 * @param logit the bag logit
 * @param weights per-instance scores: attention weights a_k (eq. 1), or instance probabilities
 * @param raw the same before the softmax or sigmoid (attention logits or instance logits); for
 *     Additive the contributions c_k, which sum to the bag logit
 * @param alone the bag logit each instance would get alone in a bag, H(h_k) (Additive:
 *     psi(h_k) - psi(0) + b)
 */
public record Prediction(float probability, float logit, float[] weights, float[] raw, float[] alone) {
    /** The predicted bag label: 1 when P >= 0.5. */
    public int label() {
        return probability >= 0.5f ? 1 : 0;
    }
}
