package io.sightline.core.image.mrc;

import io.sightline.core.image.FormatDetails;
import java.util.List;

/**
 * The MRC2014 header fields beyond shape and type.
 *
 * @param mode       the MRC mode (0 int8, 1 int16, 2 float32, 6 uint16, 12 float16)
 * @param byteOrder  {@code little-endian} or {@code big-endian}, from MACHST
 * @param ispg       the space group: 0 an image stack, 1-230 a volume, 401-630 a stack of volumes
 * @param mx         sampling along x (the cell's size in pixels)
 * @param my         sampling along y
 * @param mz         sampling along z; sections per volume in a volume stack
 * @param cellA      the cell's size in ångström (x, y, z), from which the pixel size comes
 * @param nsymbt     the extended header's length in bytes
 * @param exttyp     the extended header's type ({@code FEI1}, {@code CCP4}, ...), empty when absent
 * @param nversion   the format version ({@code 20140} or {@code 20141} for MRC2014; 0 in older files)
 * @param dataOffset where the first section starts: 1,024 + nsymbt
 * @param labels     the text labels, in order
 */
public record MrcDetails(
        int mode,
        String byteOrder,
        int ispg,
        int mx,
        int my,
        int mz,
        List<Double> cellA,
        int nsymbt,
        String exttyp,
        int nversion,
        long dataOffset,
        List<String> labels)
        implements FormatDetails {}
