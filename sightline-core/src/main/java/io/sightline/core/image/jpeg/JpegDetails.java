package io.sightline.core.image.jpeg;

import io.sightline.core.image.FormatDetails;

/**
 * The JPEG frame header fields beyond shape and type.
 *
 * @param process   the coding process of the frame's SOF marker: {@code baseline}, {@code extended},
 *                  {@code progressive}, {@code lossless}, ...
 * @param precision bits per sample (8, or 12 for extended processes)
 * @param jfif      whether a JFIF APP0 segment is present
 */
public record JpegDetails(String process, int precision, boolean jfif) implements FormatDetails {}
