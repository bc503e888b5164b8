package io.sightline.core.mdoc;

import java.util.List;
import java.util.Optional;

/**
 * An mdoc file: the facts a processing pipeline takes from it, then the file as written.
 *
 * @param software what wrote it, from its titles (CryoBoost's reader never finds SerialEM: it splits the
 *     title line at its first {@code =}; here the title's text is matched)
 * @param tiltAxisAngle degrees, as RELION's and Warp's import take it: for SerialEM the title's
 *     {@code Tilt axis angle}; for Tomo5 the magnitude of the first image's {@code RotationAngle} (Tomo5's own
 *     {@code TiltAxisAngle} title uses another convention; this is the rule CryoBoost's processing relies
 *     on); otherwise whichever of the two a title gives; null when none
 * @param pixelSpacing Å per pixel: the header's {@code PixelSpacing}, else the first image's
 * @param voltage kV: the header's {@code Voltage}, else the first image's
 * @param dosePerTilt electrons per Å²: the first image's {@code ExposureDose}, else the header's
 * @param eer whether any image's frames are EER files ({@code SubFramePath} ending in {@code .eer})
 * @param tilts the {@code [ZValue]} sections, typed, in file order
 * @param header the {@code key = value} lines before the first section
 * @param titles the text of the {@code [T = ...]} lines (and of a header {@code T = ...} line), in order
 * @param sections every section as written
 */
public record Mdoc(
        AcquisitionSoftware software,
        Double tiltAxisAngle,
        Double pixelSpacing,
        Double voltage,
        Double dosePerTilt,
        boolean eer,
        List<MdocTilt> tilts,
        List<MdocEntry> header,
        List<String> titles,
        List<MdocSection> sections) {

    public Mdoc {
        tilts = List.copyOf(tilts);
        header = List.copyOf(header);
        titles = List.copyOf(titles);
        sections = List.copyOf(sections);
    }

    /** The header's value of {@code key}, if it has one. */
    public Optional<String> headerValue(String key) {
        return header.stream()
                .filter(e -> e.key().equals(key))
                .map(MdocEntry::value)
                .findFirst();
    }
}
