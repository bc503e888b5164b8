package io.sightline.core.epu.model;

import java.time.Instant;

/**
 * A grid-square image manifest ({@code Images-Disc<N>/GridSquare_<id>/GridSquare_<date>_<time>.xml}).
 *
 * @param squareId        from the folder name (the file name only holds a date)
 * @param uniqueId        the image's {@code uniqueID}
 * @param acquisitionTime UTC; null if absent
 * @param defocus         metres; null if absent
 * @param magnification   nominal magnification; null if absent
 * @param pixelSize       metres per pixel; null if absent
 * @param detector        detector commercial name (custom data); null if absent
 * @param instrument      never null; its parts may be
 */
public record GridSquareManifest(
        long squareId,
        String uniqueId,
        Instant acquisitionTime,
        Double defocus,
        Long magnification,
        Double pixelSize,
        String detector,
        Instrument instrument)
        implements EpuRecord {}
