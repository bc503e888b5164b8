/**
 * Readers for EPU files: one {@link io.sightline.core.epu.read.EpuReader} per file kind
 * ({@link io.sightline.core.epu.read.EpuSessionReader}, {@link io.sightline.core.epu.read.AtlasReader},
 * {@link io.sightline.core.epu.read.GridSquareMetadataReader},
 * {@link io.sightline.core.epu.read.GridSquareManifestReader},
 * {@link io.sightline.core.epu.read.FoilHoleManifestReader},
 * {@link io.sightline.core.epu.read.MicrographManifestReader}), registered with their path rules in
 * {@link io.sightline.core.epu.kind.EpuKinds}.
 *
 * <p>All parsing is streaming, through {@link io.sightline.core.epu.read.EpuXml}, the one place where
 * parsers are chosen and hardened (no DTDs, no entities): a purpose-made UTF-8 scanner by default, any
 * StAX parser on request. Elements are matched by namespace URI and local
 * name, never by prefix. Failures are the sealed {@link io.sightline.core.epu.read.EpuReadException}:
 * Incomplete (retry later), Malformed, Unsupported, Unreadable. Readers are stateless and thread-safe.
 */
package io.sightline.core.epu.read;
