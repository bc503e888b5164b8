package io.sightline.core.epu.read;

import io.sightline.core.epu.model.PhysicalRect;
import io.sightline.core.epu.model.PixelPoint;
import io.sightline.core.epu.model.PixelRect;
import io.sightline.core.epu.model.PixelSize;
import io.sightline.core.epu.model.StagePosition;

/** Small value shapes that several EPU files share ({@code System.Drawing} and stage positions). */
final class Shapes {
    private Shapes() {}

    /** {@code <x>}, {@code <y>} in System.Drawing; null when either is missing. */
    static PixelPoint point(XmlCursor c) throws EpuReadException {
        Double x = null;
        Double y = null;
        int d = c.depth();
        while (c.child(d)) {
            if (c.is(Ns.DRAWING, "x")) {
                x = c.optDouble();
            } else if (c.is(Ns.DRAWING, "y")) {
                y = c.optDouble();
            }
        }
        return x == null || y == null ? null : new PixelPoint(x, y);
    }

    /** {@code <width>}, {@code <height>}; null when either is missing. */
    static PixelSize size(XmlCursor c) throws EpuReadException {
        double[] v = rect(c);
        return Double.isNaN(v[2]) || Double.isNaN(v[3]) ? null : new PixelSize(v[2], v[3]);
    }

    static PixelRect pixelRect(XmlCursor c) throws EpuReadException {
        double[] v = rect(c);
        return hasAll(v) ? new PixelRect(v[0], v[1], v[2], v[3]) : null;
    }

    static PhysicalRect physicalRect(XmlCursor c) throws EpuReadException {
        double[] v = rect(c);
        return hasAll(v) ? new PhysicalRect(v[0], v[1], v[2], v[3]) : null;
    }

    /** x, y, width, height; NaN marks a missing part (EPU never writes NaN in these). */
    private static double[] rect(XmlCursor c) throws EpuReadException {
        double[] v = {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
        int d = c.depth();
        while (c.child(d)) {
            int i = switch (c.localName()) {
                case "x" -> 0;
                case "y" -> 1;
                case "width" -> 2;
                case "height" -> 3;
                default -> -1;
            };
            if (i >= 0 && c.is(Ns.DRAWING, c.localName())) {
                v[i] = c.doubleOr(Double.NaN);
            }
        }
        return v;
    }

    private static boolean hasAll(double[] v) {
        return !Double.isNaN(v[0]) && !Double.isNaN(v[1]) && !Double.isNaN(v[2]) && !Double.isNaN(v[3]);
    }

    /** {@code X}, {@code Y}, {@code Z} (metres), {@code A}, {@code B} (radians) in Fei.SharedObjects. */
    static StagePosition stage(XmlCursor c) throws EpuReadException {
        if (c.isNil()) {
            return null;
        }
        Double x = null;
        Double y = null;
        Double z = null;
        Double a = null;
        Double b = null;
        int d = c.depth();
        while (c.child(d)) {
            switch (c.localName()) {
                case "X" -> x = shared(c, "X") ? c.optDouble() : x;
                case "Y" -> y = shared(c, "Y") ? c.optDouble() : y;
                case "Z" -> z = shared(c, "Z") ? c.optDouble() : z;
                case "A" -> a = shared(c, "A") ? c.optDouble() : a;
                case "B" -> b = shared(c, "B") ? c.optDouble() : b;
                default -> {}
            }
        }
        return x == null || y == null ? null : new StagePosition(x, y, z == null ? 0.0 : z, a, b);
    }

    private static boolean shared(XmlCursor c, String name) {
        return c.is(Ns.SHARED, name);
    }
}
