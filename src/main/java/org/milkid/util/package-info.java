/**
 * Small shared helpers: derived seeds, atomic file writes, JSON, durations in words and the progress
 * interface.
 */
package org.milkid.util;
