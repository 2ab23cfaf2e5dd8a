/**
 * Image tools shared by the histopathology sources, and the generic image-grid source:
 * {@link org.milkid.data.image.RgbImage} (decoding any ImageIO format to 8-bit RGB),
 * {@link org.milkid.data.image.PatchGrid} (grid of patches, white filter, mask labels),
 * {@link org.milkid.data.image.FileDigest} (data fingerprints) and
 * {@link org.milkid.data.image.ImageGridSource} (bags from a folder of images and a
 * {@code labels.csv}).
 */
package org.milkid.data.image;
