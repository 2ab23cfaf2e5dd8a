/**
 * milkid's commands as library calls, each a typed request and one call: {@link org.milkid.app.Demo}
 * (the bundled demo, {@link org.milkid.app.DemoConfig}), {@link org.milkid.app.TrainJob} (one model)
 * and {@link org.milkid.app.DetectJob} (one method on a model's test bags), and
 * {@link org.milkid.app.Doctor}, which checks that this machine computes milkid's results right and
 * says what it is ({@link org.milkid.app.DoctorReport}).
 */
package org.milkid.app;
