/**
 * Feature bags of whole slides as CLAM and TRIDENT write them: one HDF5 file per slide with the
 * tiles' feature vectors and coordinates, and a CSV of slides and labels.
 * See {@link org.milkid.data.features.FeatureBagSource}.
 */
package org.milkid.data.features;
