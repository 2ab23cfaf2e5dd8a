/**
 * The data sets as milkid's commands name them: {@link org.milkid.data.DatasetSpec} (which bags a run
 * uses), {@link org.milkid.data.Datasets} (loads them, with each data set's training and inversion
 * defaults and the empty-bag policy) and {@link org.milkid.data.ModelProvenance} (a trained model's
 * provenance, which records its data set). The readers of each data set live in the sub-packages.
 */
package org.milkid.data;
