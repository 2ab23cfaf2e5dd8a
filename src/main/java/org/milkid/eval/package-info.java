/**
 * Metrics: bag accuracy and ROC AUC, min-max normalised instance scores, pooled KID precision, recall, F1 and average precision, mean with standard error, and 95% confidence intervals (Student's t over runs, bootstrap over bags).
 */
package org.milkid.eval;
