package io.sightline.core.image.png;

import io.sightline.core.image.BoundedFile;
import io.sightline.core.image.ImageHeader;
import io.sightline.core.image.ImageLimits;
import io.sightline.core.image.ImageReadException;
import io.sightline.core.image.Layout;
import io.sightline.core.image.PixelSpacing;
import io.sightline.core.image.PixelType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.Set;

/**
 * Reads a PNG's IHDR chunk (and pHYs, when it comes before the image data) by the PNG specification, checking
 * sizes against the limits and every chunk against the file's length.
 */
final class PngHeader {

    static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private record ColourType(String name, int channels, Set<Integer> depths) {}

    private static final Map<Integer, ColourType> COLOUR_TYPES = Map.of(
            0, new ColourType("grey", 1, Set.of(1, 2, 4, 8, 16)),
            2, new ColourType("rgb", 3, Set.of(8, 16)),
            3, new ColourType("palette", 3, Set.of(1, 2, 4, 8)),
            4, new ColourType("grey-alpha", 2, Set.of(8, 16)),
            6, new ColourType("rgba", 4, Set.of(8, 16)));

    private static final int IHDR = chunkType("IHDR"), PHYS = chunkType("pHYs"), IDAT = chunkType("IDAT");
    private static final int IEND = chunkType("IEND");
    private static final int MAX_CHUNKS_BEFORE_DATA = 1024;

    private PngHeader() {}

    static ImageHeader read(BoundedFile file, ImageLimits limits) throws ImageReadException {
        ByteBuffer ihdr = file.read(8, 8 + 13, ByteOrder.BIG_ENDIAN, "IHDR");
        if (ihdr.getInt(0) != 13 || ihdr.getInt(4) != IHDR) {
            throw new ImageReadException.Malformed(file.file(), "IHDR", "the first chunk is not a 13-byte IHDR");
        }
        long width = ihdr.getInt(8) & 0xFFFFFFFFL;
        long height = ihdr.getInt(12) & 0xFFFFFFFFL;
        limits.checkPlane(file.file(), "IHDR.width", width, "IHDR.height", height);
        int depth = ihdr.get(16) & 0xFF;
        int colour = ihdr.get(17) & 0xFF;
        ColourType type = COLOUR_TYPES.get(colour);
        if (type == null) {
            throw new ImageReadException.Malformed(
                    file.file(), "IHDR.colourType", "is " + colour + ", not 0, 2, 3, 4 or 6");
        }
        if (!type.depths().contains(depth)) {
            throw new ImageReadException.Malformed(
                    file.file(), "IHDR.bitDepth", depth + " is not allowed for colour type " + type.name());
        }
        int interlace = ihdr.get(20) & 0xFF;
        if (interlace > 1) {
            throw new ImageReadException.Malformed(file.file(), "IHDR.interlace", "is " + interlace + ", not 0 or 1");
        }
        PixelType dtype = depth == 16 ? PixelType.UINT16 : PixelType.UINT8;
        return new ImageHeader(
                file.file(),
                PngFormat.NAME,
                (int) width,
                (int) height,
                1,
                type.channels(),
                dtype,
                Layout.IMAGE,
                spacing(file),
                new PngDetails(depth, type.name(), interlace == 1));
    }

    /** pHYs in pixels per metre (unit 1), when it comes before the first IDAT (where the standard puts it). */
    private static PixelSpacing spacing(BoundedFile file) throws ImageReadException {
        long at = 8 + 8 + 13 + 4;
        for (int i = 0; i < MAX_CHUNKS_BEFORE_DATA && file.holds(at, 8); i++) {
            ByteBuffer chunk = file.read(at, 8, ByteOrder.BIG_ENDIAN, "chunk at byte " + at);
            long length = chunk.getInt(0) & 0xFFFFFFFFL;
            int type = chunk.getInt(4);
            if (type == IDAT || type == IEND) {
                return null;
            }
            if (type == PHYS && length == 9) {
                ByteBuffer phys = file.read(at + 8, 9, ByteOrder.BIG_ENDIAN, "pHYs");
                long x = phys.getInt(0) & 0xFFFFFFFFL;
                long y = phys.getInt(4) & 0xFFFFFFFFL;
                return phys.get(8) == 1 && x > 0 && y > 0 ? new PixelSpacing(1.0 / x, 1.0 / y, null) : null;
            }
            at += 8 + length + 4;
        }
        return null;
    }

    private static int chunkType(String name) {
        return name.charAt(0) << 24 | name.charAt(1) << 16 | name.charAt(2) << 8 | name.charAt(3);
    }
}
