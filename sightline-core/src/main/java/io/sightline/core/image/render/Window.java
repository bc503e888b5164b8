package io.sightline.core.image.render;

/**
 * The values shown from black ({@code low}) to white ({@code high}); values outside are clipped. A window of no
 * width (a flat image) shows its one value as middle grey.
 */
public record Window(double low, double high) {

    /** Grey levels 0-255 of {@code values}; NaN is black. */
    public byte[] toGrey(float[] values) {
        byte[] grey = new byte[values.length];
        double width = high - low;
        if (!(width > 0)) {
            for (int i = 0; i < values.length; i++) {
                float v = values[i];
                grey[i] = (byte) (Float.isNaN(v) ? 0 : v < low ? 0 : v > low ? 255 : 128);
            }
            return grey;
        }
        double scale = 255 / width;
        for (int i = 0; i < values.length; i++) {
            double level = (values[i] - low) * scale;
            // NaN compares false both ways and lands on 0
            grey[i] = (byte) (level >= 255 ? 255 : level > 0 ? (int) (level + 0.5) : 0);
        }
        return grey;
    }
}
