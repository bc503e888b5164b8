package io.sightline.core.image;

/** Pixels of several samples (RGB, grey with alpha) as the one grey value a plane holds. */
public final class Channels {

    private Channels() {}

    /**
     * Writes one grey value per pixel of {@code width} interleaved pixels of {@code channels} samples:
     * the luminance (ITU-R BT.601 weights) of the first three when there are three or more, else the first.
     */
    public static void toGrey(float[] interleaved, int channels, int width, float[] dst, int offset) {
        if (channels >= 3) {
            for (int x = 0, i = 0; x < width; x++, i += channels) {
                dst[offset + x] = 0.299f * interleaved[i] + 0.587f * interleaved[i + 1] + 0.114f * interleaved[i + 2];
            }
        } else {
            for (int x = 0, i = 0; x < width; x++, i += channels) {
                dst[offset + x] = interleaved[i];
            }
        }
    }
}
