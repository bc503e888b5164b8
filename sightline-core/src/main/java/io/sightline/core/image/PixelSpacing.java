package io.sightline.core.image;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The physical size of one pixel, in metres (SI, like every length in Sightline's model).
 *
 * @param x metres per pixel along a row
 * @param y metres per pixel along a column
 * @param z metres between sections, or null when the file does not say (single images, stacks)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PixelSpacing(double x, double y, Double z) {

    /** Metres in one ångström, the unit of MRC cell sizes. */
    public static final double ANGSTROM = 1e-10;
}
