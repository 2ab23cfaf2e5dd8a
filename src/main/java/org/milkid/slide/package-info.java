/**
 * Whole-slide outputs for the pathologist: a slide's per-tile KID scores
 * ({@link org.milkid.slide.TileScores}) as GeoJSON detections that QuPath imports
 * ({@link org.milkid.slide.QuPathGeoJson}) and as a heatmap PNG of the tile grid
 * ({@link org.milkid.slide.TileHeatmap}). Nothing here reads feature files, trains or detects.
 */
package org.milkid.slide;
