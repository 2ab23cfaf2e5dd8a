/**
 * milkid's commands as library calls, each a typed request and one call; the command line only
 * parses options into the requests, whose builders merge the options over the defaults and refuse
 * bad values: {@link org.milkid.app.Demo} (the bundled demo, {@link org.milkid.app.DemoConfig}),
 * {@link org.milkid.app.TrainJob} ({@link org.milkid.app.TrainRequest}: one model),
 * {@link org.milkid.app.DetectJob} ({@link org.milkid.app.DetectRequest}: one method on a model's
 * test bags), {@link org.milkid.app.ExperimentJob} ({@link org.milkid.app.ExperimentRequest}: a
 * preset's experiments with the options applied), {@link org.milkid.app.BenchJob} ({@link org.milkid.app.BenchRequest}: the speed and
 * memory figures), and {@link org.milkid.app.Doctor}, which checks that this machine computes
 * milkid's results right and says what it is ({@link org.milkid.app.DoctorReport}).
 */
package org.milkid.app;
