package io.sightline.core.image.tiff;

import io.sightline.core.image.PixelSpacing;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pixel size a TIFF tells: XResolution and YResolution are pixels per ResolutionUnit (inch or
 * centimetre); ImageJ writes no unit there but names one in its description ({@code unit=micron}), with the
 * section spacing of a volume ({@code spacing=}).
 */
final class TiffSpacing {

    static final int UNIT_NONE = 1, UNIT_INCH = 2, UNIT_CENTIMETRE = 3;

    private static final Map<String, Double> IMAGEJ_UNITS = Map.of(
            "micron",
            1e-6,
            "um",
            1e-6,
            "\u00b5m",
            1e-6,
            "\\u00B5m",
            1e-6,
            "nm",
            1e-9,
            "mm",
            1e-3,
            "cm",
            1e-2,
            "m",
            1.0,
            "A",
            1e-10,
            "\u00c5",
            1e-10);

    private static final Pattern IMAGEJ_UNIT = Pattern.compile("(?m)^unit=(\\S+)$");
    private static final Pattern IMAGEJ_SPACING = Pattern.compile("(?m)^spacing=([0-9.eE+-]+)$");

    private TiffSpacing() {}

    static PixelSpacing of(double xResolution, double yResolution, long unit, String description, boolean volume) {
        double metresPerUnit = switch ((int) unit) {
            case UNIT_INCH -> 0.0254;
            case UNIT_CENTIMETRE -> 0.01;
            default -> imageJUnit(description);
        };
        if (!(metresPerUnit > 0) || !(xResolution > 0) || !(yResolution > 0)) {
            return null;
        }
        double x = metresPerUnit / xResolution;
        double y = metresPerUnit / yResolution;
        if (!Double.isFinite(x) || !Double.isFinite(y)) {
            return null;
        }
        Double z = null;
        if (volume && description != null) {
            Matcher spacing = IMAGEJ_SPACING.matcher(description);
            double unitForZ = imageJUnit(description);
            if (spacing.find() && unitForZ > 0) {
                z = parse(spacing.group(1)) * unitForZ;
                z = Double.isFinite(z) && z > 0 ? z : null;
            }
        }
        return new PixelSpacing(x, y, z);
    }

    /** Metres per ImageJ unit, or NaN when the description names none this knows. */
    private static double imageJUnit(String description) {
        if (description == null || !description.startsWith("ImageJ=")) {
            return Double.NaN;
        }
        Matcher m = IMAGEJ_UNIT.matcher(description);
        return m.find() ? IMAGEJ_UNITS.getOrDefault(m.group(1), Double.NaN) : Double.NaN;
    }

    private static double parse(String number) {
        try {
            return Double.parseDouble(number);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
