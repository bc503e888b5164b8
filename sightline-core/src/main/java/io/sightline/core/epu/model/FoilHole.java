package io.sightline.core.epu.model;

/**
 * A foil hole as known from both of its sources: the target in the grid square's {@code .dm}
 * (grid-square image pixels, stage position) and the latest foil-hole image manifest (centring
 * on the foil-hole image). They describe different images, so neither replaces the other; see
 * {@code io.sightline.core.epu.read.FoilHoleMerge}.
 *
 * @param target         null until the grid square's {@code .dm} lists this hole
 * @param manifest       the latest manifest; null until one is seen
 * @param manifestsSeen  how many manifests were merged (EPU writes one per re-centring)
 */
public record FoilHole(
        long holeId, long squareId, FoilHoleTarget target, FoilHoleManifest manifest, int manifestsSeen) {}
