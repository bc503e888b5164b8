package io.sightline.core.image.render;

import io.sightline.core.image.Plane;

/** Scales a plane down to fit an edge length (never up), keeping its aspect ratio. */
final class Resample {

    private Resample() {}

    /** The plane scaled so its longer side is {@code edge}; the plane itself when it already fits. */
    static Plane toFit(Plane plane, int edge) {
        int longer = Math.max(plane.width(), plane.height());
        if (longer <= edge) {
            return plane;
        }
        double scale = (double) edge / longer;
        int w = Math.max(1, (int) Math.round(plane.width() * scale));
        int h = Math.max(1, (int) Math.round(plane.height() * scale));
        return area(plane, w, h);
    }

    /**
     * Area averaging: each output pixel is the mean of the input area it covers, with partly covered input
     * pixels weighed by how much of them it covers. Unlike bilinear sampling it leaves no aliasing when the
     * factor is large.
     */
    static Plane area(Plane in, int w, int h) {
        double sx = (double) in.width() / w;
        double sy = (double) in.height() / h;
        float[] out = new float[w * h];
        for (int oy = 0; oy < h; oy++) {
            double y0 = oy * sy, y1 = y0 + sy;
            for (int ox = 0; ox < w; ox++) {
                double x0 = ox * sx, x1 = x0 + sx;
                double sum = 0, weight = 0;
                for (int y = (int) y0; y < Math.min(Math.ceil(y1), in.height()); y++) {
                    double wy = Math.min(y + 1, y1) - Math.max(y, y0);
                    for (int x = (int) x0; x < Math.min(Math.ceil(x1), in.width()); x++) {
                        double wx = Math.min(x + 1, x1) - Math.max(x, x0);
                        sum += in.at(x, y) * wx * wy;
                        weight += wx * wy;
                    }
                }
                out[oy * w + ox] = (float) (sum / weight);
            }
        }
        return new Plane(w, h, out);
    }
}
