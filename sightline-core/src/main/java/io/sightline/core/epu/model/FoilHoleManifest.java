package io.sightline.core.epu.model;

import java.time.Instant;

/**
 * A foil-hole image manifest ({@code .../FoilHoles/FoilHole_<id>_<date>_<time>.xml}). Centre, size,
 * quality and rotation come from the {@code FindFoilHoleCenterResults} custom data (pixels of the
 * foil-hole image); all four are null when EPU did not run hole centring.
 *
 * @param holeId          from the file name
 * @param squareId        from the folder name
 * @param uniqueId        the image's {@code uniqueID}
 * @param acquisitionTime UTC; null if absent
 */
public record FoilHoleManifest(
        long holeId,
        long squareId,
        String uniqueId,
        Instant acquisitionTime,
        PixelPoint center,
        PixelSize size,
        Double quality,
        Double rotation,
        Double defocus,
        Double pixelSize)
        implements EpuRecord {}
