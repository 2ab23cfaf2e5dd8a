/**
 * The machine milkid runs on, without libtorch: what CPU it is ({@link org.milkid.platform.CpuInfo}) and
 * which commit of milkid runs ({@link org.milkid.platform.GitCommit}). What a result records about both,
 * with libtorch's side, is {@link org.milkid.model.Platform}; whether libtorch computes right on the
 * machine, {@link org.milkid.model.SelfCheck} (both in the model package, next to the engine they
 * start and check, so that no package cycle runs through here).
 */
package org.milkid.platform;
