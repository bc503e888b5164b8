package io.sightline.core.image.tiff;

import io.sightline.core.image.ImageLimits;
import io.sightline.core.image.ImageReadException;
import io.sightline.core.image.PixelType;
import java.nio.file.Path;

/**
 * One TIFF page as this reader understands it, checked: sizes within the limits, a sample type and compression
 * it decodes, and every strip or tile inside the file. Strips are treated as tiles as wide as the image.
 *
 * @param chunkWidth  pixels per row of a strip or tile
 * @param chunkHeight rows per strip or tile
 * @param across      strips or tiles per band of rows (1 for strips)
 */
record TiffPage(
        int index,
        int width,
        int height,
        int samples,
        PixelType type,
        int compression,
        int predictor,
        int photometric,
        boolean tiled,
        int chunkWidth,
        int chunkHeight,
        int across,
        long[] offsets,
        long[] byteCounts) {

    static final int WHITE_IS_ZERO = 0, BLACK_IS_ZERO = 1, RGB = 2;

    /** The most bytes one compressed strip or any tile may decode to: it is held whole while its rows are read. */
    static final long MAX_CHUNK_BYTES = 1L << 28;

    static TiffPage of(Ifd ifd, ImageLimits limits, long fileSize) throws ImageReadException {
        Path file = ifd.path();
        int page = ifd.page();
        long width = ifd.number(TiffTag.IMAGE_WIDTH, 0);
        long height = ifd.number(TiffTag.IMAGE_LENGTH, 0);
        limits.checkPlane(file, ifd.field(TiffTag.IMAGE_WIDTH), width, ifd.field(TiffTag.IMAGE_LENGTH), height);
        int samples = (int) Math.min(ifd.number(TiffTag.SAMPLES_PER_PIXEL, 1), Integer.MAX_VALUE);
        if (samples < 1 || samples > 4) {
            throw new ImageReadException.Unsupported(
                    file, ifd.field(TiffTag.SAMPLES_PER_PIXEL), samples + " samples per pixel; 1 to 4 are read");
        }
        PixelType type = pixelType(ifd);
        int compression = (int) ifd.number(TiffTag.COMPRESSION, Compressions.NONE);
        if (Compressions.decompressor(compression) == null) {
            throw new ImageReadException.Unsupported(
                    file,
                    ifd.field(TiffTag.COMPRESSION),
                    Compressions.name(compression) + " is not read; none, LZW, Deflate and PackBits are");
        }
        int predictor = (int) ifd.number(TiffTag.PREDICTOR, Predictor.NONE);
        boolean integer = type != PixelType.FLOAT16 && type != PixelType.FLOAT32;
        if (predictor != Predictor.NONE && !(predictor == Predictor.HORIZONTAL && integer)) {
            throw new ImageReadException.Unsupported(
                    file, ifd.field(TiffTag.PREDICTOR), "predictor " + predictor + " for " + type + " is not read");
        }
        if (samples > 1 && ifd.number(TiffTag.PLANAR_CONFIGURATION, 1) != 1) {
            throw new ImageReadException.Unsupported(
                    file, ifd.field(TiffTag.PLANAR_CONFIGURATION), "separate colour planes are not read");
        }
        int photometric = (int) ifd.number(TiffTag.PHOTOMETRIC, BLACK_IS_ZERO);
        if (photometric != WHITE_IS_ZERO && photometric != BLACK_IS_ZERO && photometric != RGB) {
            throw new ImageReadException.Unsupported(
                    file,
                    ifd.field(TiffTag.PHOTOMETRIC),
                    "photometric interpretation " + photometric + " is not read; grey and RGB are");
        }
        boolean tiled = ifd.has(TiffTag.TILE_WIDTH);
        int chunkWidth = (int) width;
        long chunkHeight;
        int offsetsTag = TiffTag.STRIP_OFFSETS, countsTag = TiffTag.STRIP_BYTE_COUNTS;
        String sizeField;
        if (tiled) {
            long tw = ifd.number(TiffTag.TILE_WIDTH, 0);
            long tl = ifd.number(TiffTag.TILE_LENGTH, 0);
            limits.checkPlane(file, ifd.field(TiffTag.TILE_WIDTH), tw, ifd.field(TiffTag.TILE_LENGTH), tl);
            chunkWidth = (int) tw;
            chunkHeight = tl;
            offsetsTag = TiffTag.TILE_OFFSETS;
            countsTag = TiffTag.TILE_BYTE_COUNTS;
            sizeField = ifd.field(TiffTag.TILE_WIDTH);
        } else {
            long rows = ifd.number(TiffTag.ROWS_PER_STRIP, height);
            if (rows < 1) {
                throw ifd.malformed(TiffTag.ROWS_PER_STRIP, "must be at least 1, is " + rows);
            }
            chunkHeight = Math.min(rows, height);
            sizeField = ifd.field(TiffTag.ROWS_PER_STRIP);
        }
        int across = (int) ((width + chunkWidth - 1) / chunkWidth);
        long down = (height + chunkHeight - 1) / chunkHeight;
        long chunks = across * down;
        if (chunks > Ifd.MAX_ARRAY) {
            throw new ImageReadException.TooLarge(
                    file, sizeField, chunks + " strips or tiles exceed the limit of " + Ifd.MAX_ARRAY);
        }
        long chunkBytes = (long) chunkWidth * chunkHeight * samples * type.bytes();
        if ((compression != Compressions.NONE || tiled) && chunkBytes > MAX_CHUNK_BYTES) {
            throw new ImageReadException.TooLarge(
                    file,
                    sizeField,
                    "one compressed strip or tile decodes to " + chunkBytes + " bytes, more than the limit of "
                            + MAX_CHUNK_BYTES);
        }
        long[] offsets = ifd.numbers(offsetsTag, (int) chunks);
        long[] byteCounts = ifd.numbers(countsTag, (int) chunks);
        for (int i = 0; i < chunks; i++) {
            long needed = compression == Compressions.NONE
                    ? rowsIn(i, across, (int) chunkHeight, (int) height, tiled) * chunkWidth * samples * type.bytes()
                    : byteCounts[i];
            if (offsets[i] < 0 || needed < 0 || offsets[i] > fileSize || needed > fileSize - offsets[i]) {
                throw new ImageReadException.Truncated(
                        file,
                        ifd.field(countsTag),
                        (tiled ? "tile " : "strip ") + i + " needs bytes " + offsets[i] + " to " + (offsets[i] + needed)
                                + " but the file has " + fileSize);
            }
        }
        return new TiffPage(
                page,
                (int) width,
                (int) height,
                samples,
                type,
                compression,
                predictor,
                photometric,
                tiled,
                chunkWidth,
                (int) chunkHeight,
                across,
                offsets,
                byteCounts);
    }

    /** Rows of chunk {@code i} that hold image data: a strip at the bottom may be shorter; tiles never are. */
    static long rowsIn(int i, int across, int chunkHeight, int height, boolean tiled) {
        if (tiled) {
            return chunkHeight;
        }
        return Math.min(chunkHeight, height - (long) (i / across) * chunkHeight);
    }

    private static PixelType pixelType(Ifd ifd) throws ImageReadException {
        long bits = ifd.number(TiffTag.BITS_PER_SAMPLE, 1);
        long format = ifd.number(TiffTag.SAMPLE_FORMAT, 1);
        PixelType type = TiffSampleTypes.of(format, bits);
        if (type == null) {
            throw new ImageReadException.Unsupported(
                    ifd.path(),
                    ifd.field(TiffTag.BITS_PER_SAMPLE),
                    bits + "-bit samples of SampleFormat " + format
                            + " are not read; 8- and 16-bit integers and 16- and 32-bit floats are");
        }
        return type;
    }

    /** Bytes of one row of the image. */
    int rowBytes() {
        return width * samples * type.bytes();
    }
}
