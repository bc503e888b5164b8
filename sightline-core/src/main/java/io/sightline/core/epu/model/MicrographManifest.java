package io.sightline.core.epu.model;

import java.time.Instant;

/**
 * A micrograph manifest ({@code .../Data/FoilHole_<fh>_Data_<location>_<n>_<date>_<time>.xml}). Its
 * identity is {@code uniqueId}; hole, square and location ids come from the path.
 *
 * @param readoutWidth  camera readout area width, pixels; null if absent
 * @param readoutHeight camera readout area height, pixels; null if absent
 * @param binning       binning in x; null if absent
 * @param defocus       measured defocus ({@code optics/Defocus}), metres; null if absent
 * @param appliedDefocus the defocus EPU aimed for (custom data), metres; null if absent
 * @param energyFilter  {@code EFTEMOn}; null if absent
 * @param phasePlate    {@code PhasePlateUsed}; null if absent
 * @param detector      detector commercial name; null if absent
 * @param dose          {@code DoseOnCamera} (custom data, e/Å² as EPU reports it); null if absent
 * @param doseRate      custom data; null if absent
 * @param exposureTime  seconds; null if absent
 * @param pixelSize     metres per pixel; null if absent
 * @param magnification nominal magnification; null if absent
 */
public record MicrographManifest(
        String uniqueId,
        long foilHoleId,
        long squareId,
        long locationId,
        Instant acquisitionTime,
        String camera,
        Integer readoutWidth,
        Integer readoutHeight,
        Integer binning,
        Double defocus,
        Double appliedDefocus,
        Boolean energyFilter,
        Boolean phasePlate,
        String detector,
        Instrument instrument,
        Double dose,
        Double doseRate,
        Double exposureTime,
        Double pixelSize,
        Long magnification)
        implements EpuRecord {}
