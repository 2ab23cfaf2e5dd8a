/**
 * The machine milkid runs on: what CPU it is ({@link org.milkid.platform.CpuInfo}), which commit
 * of milkid runs ({@link org.milkid.platform.GitCommit}), what a result records about both
 * ({@link org.milkid.platform.Platform}), and whether libtorch computes right on it
 * ({@link org.milkid.platform.SelfCheck}: each layer kind of milkid's networks, as
 * {@link org.milkid.platform.Operation}s, in float32 against float64, run once per process when
 * the engine starts; a wrong kernel stops milkid with a
 * {@link org.milkid.platform.NumericsException}).
 */
package org.milkid.platform;
