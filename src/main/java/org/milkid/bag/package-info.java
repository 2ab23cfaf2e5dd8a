/**
 * Bags of instances ({@link org.milkid.bag.Bag}: {@code [K, C, H, W]} pixels in [0,1], labels, layout), the {@link org.milkid.bag.BagSource} interface of the data sets, seeded splits and folds, and training augmentation.
 */
package org.milkid.bag;
