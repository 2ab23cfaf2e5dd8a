/**
 * The MIL networks as DJL blocks ({@link org.milkid.model.MilBlock}: encoder, attention or instance pooling, bag classifier; or Additive MIL's sum of per-instance contributions) and {@link org.milkid.model.MilModel}, which predicts bags and saves and loads itself with provenance.
 */
package org.milkid.model;
