/**
 * Recognising EPU files from their paths alone: one {@link io.sightline.core.epu.path.PathRule} per file
 * kind ({@link io.sightline.core.epu.path.EpuPathRules}), with the natural ids each path carries
 * ({@link io.sightline.core.epu.path.EpuFile}). The kinds themselves are registered in
 * {@link io.sightline.core.epu.kind.EpuKinds}.
 */
package io.sightline.core.epu.path;
