/**
 * The BREAST CANCER data set (UCSB bio-segmentation benchmark): one bag per H&amp;E image, a grid
 * of 32x32 patches without the white background, labels from the file names.
 * See {@link org.milkid.data.breast.BreastCancerSource}.
 */
package org.milkid.data.breast;
