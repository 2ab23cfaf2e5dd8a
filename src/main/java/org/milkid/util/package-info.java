/**
 * Small shared helpers: derived seeds, atomic file writes, JSON, versions and the progress interface.
 */
package org.milkid.util;
