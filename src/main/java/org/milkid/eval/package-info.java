/**
 * Metrics: bag accuracy and ROC AUC, min-max normalised instance scores, pooled KID precision, recall, F1 and average precision, and mean with standard error.
 */
package org.milkid.eval;
