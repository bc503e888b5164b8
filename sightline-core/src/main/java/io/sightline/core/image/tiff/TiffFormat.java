package io.sightline.core.image.tiff;

import io.sightline.core.image.FileHead;
import io.sightline.core.image.ImageFormat;
import io.sightline.core.image.ImageLimits;
import io.sightline.core.image.ImageReadException;
import io.sightline.core.image.ImageReader;
import java.nio.file.Path;

/**
 * TIFF: multi-page, 8- and 16-bit integer and 16- and 32-bit float samples, uncompressed, LZW, Deflate or
 * PackBits, strips or tiles. Read by this package rather than the JDK's ImageIO plugin, which refuses 16-bit
 * samples with a predictor (ImageMagick's default for 16-bit LZW) and gives float16 as raw bits, and rather
 * than TwelveMonkeys', which subsampled to wrong values and was slower; see docs/benchmarks.md.
 */
public final class TiffFormat implements ImageFormat {

    public static final String NAME = "tiff";

    private static final byte[] LITTLE = {'I', 'I'};
    private static final byte[] BIG = {'M', 'M'};

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean recognises(FileHead head) {
        byte[] b = head.bytes();
        if (b.length < 4) {
            return false;
        }
        // 42 is TIFF, 43 BigTIFF (recognised, then refused by name)
        if (head.hasAt(0, LITTLE)) {
            return b[3] == 0 && (b[2] == 42 || b[2] == 43);
        }
        return head.hasAt(0, BIG) && b[2] == 0 && (b[3] == 42 || b[3] == 43);
    }

    @Override
    public ImageReader open(Path file, ImageLimits limits) throws ImageReadException {
        return TiffReader.open(file, limits);
    }
}
