/**
 * Jobs about the installation rather than about data: {@link org.milkid.app.Doctor} checks that
 * this machine computes milkid's results right and says what it is ({@link org.milkid.app.DoctorReport}).
 */
package org.milkid.app;
