package io.sightline.core.image;

/**
 * One plane of samples as floats, row by row ({@code values[y * width + x]}), whatever the file's type: the
 * renderer's common input. Multi-channel images arrive as their luminance.
 *
 * <p>The array is shared, not copied; whoever holds the plane owns it.
 */
public record Plane(int width, int height, float[] values) {

    public Plane {
        if (width < 1 || height < 1 || values.length != (long) width * height) {
            throw new IllegalArgumentException("a " + width + " × " + height + " plane needs " + (long) width * height
                    + " values, has " + values.length);
        }
    }

    public float at(int x, int y) {
        return values[y * width + x];
    }
}
