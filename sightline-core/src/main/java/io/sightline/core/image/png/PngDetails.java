package io.sightline.core.image.png;

import io.sightline.core.image.FormatDetails;

/**
 * The PNG header fields beyond shape and type.
 *
 * @param bitDepth   bits per sample (1, 2, 4, 8 or 16)
 * @param colourType {@code grey}, {@code rgb}, {@code palette}, {@code grey-alpha} or {@code rgba}
 * @param interlaced whether Adam7 interlacing is used
 */
public record PngDetails(int bitDepth, String colourType, boolean interlaced) implements FormatDetails {}
