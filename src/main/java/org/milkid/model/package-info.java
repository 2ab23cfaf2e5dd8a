/**
 * The MIL networks as DJL blocks ({@link org.milkid.model.MilBlock}: encoder, attention or instance
 * pooling, bag classifier; or Additive MIL's sum of per-instance contributions) and
 * {@link org.milkid.model.MilModel}, which predicts bags and saves and loads itself with provenance.
 * Also the engine they run on: {@link org.milkid.model.Engines} starts libtorch, after
 * {@link org.milkid.model.SelfCheck} has checked each layer kind of milkid's networks (as
 * {@link org.milkid.model.Operation}s) in float32 against float64 (a wrong kernel stops milkid with a
 * {@link org.milkid.model.NumericsException}); {@link org.milkid.model.Platform} and
 * {@link org.milkid.model.Versions} say what a result records about the machine and the versions.
 */
package org.milkid.model;
