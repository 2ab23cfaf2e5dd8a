/**
 * The COLON CANCER data set (CRCHistoPhenotypes): one bag per H&amp;E image, one 27x27 patch
 * per annotated nucleus, epithelial nuclei as key instances.
 * See {@link org.milkid.data.colon.ColonCancerSource}.
 */
package org.milkid.data.colon;
