package io.sightline.core.image.tiff;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.sightline.core.image.FormatDetails;

/**
 * The TIFF fields of the first page beyond shape and type.
 *
 * @param byteOrder   {@code little-endian} (II) or {@code big-endian} (MM)
 * @param compression the compression's name
 * @param predictor   1 none, 2 horizontal differencing
 * @param photometric 0 white is zero, 1 black is zero, 2 RGB
 * @param chunking    {@code strips} or {@code tiles}
 * @param software    the Software tag, when present
 * @param description the ImageDescription tag (ImageJ and tifffile keep metadata there), when present
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TiffDetails(
        String byteOrder,
        String compression,
        int predictor,
        int photometric,
        String chunking,
        String software,
        String description)
        implements FormatDetails {}
