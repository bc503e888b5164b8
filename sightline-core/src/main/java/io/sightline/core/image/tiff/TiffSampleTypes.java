package io.sightline.core.image.tiff;

import io.sightline.core.image.PixelType;
import java.util.Map;

/** Sample types by TIFF SampleFormat (1 unsigned, 2 signed, 3 float) and BitsPerSample. */
final class TiffSampleTypes {

    private static final Map<Long, PixelType> TYPES = Map.of(
            key(1, 8), PixelType.UINT8,
            key(2, 8), PixelType.INT8,
            key(1, 16), PixelType.UINT16,
            key(2, 16), PixelType.INT16,
            key(3, 16), PixelType.FLOAT16,
            key(3, 32), PixelType.FLOAT32);

    private TiffSampleTypes() {}

    static PixelType of(long sampleFormat, long bits) {
        return TYPES.get(key(sampleFormat, bits));
    }

    private static long key(long sampleFormat, long bits) {
        return sampleFormat << 32 | (bits & 0xFFFFFFFFL);
    }
}
