package io.sightline.core.image;

import io.sightline.core.image.mrc.MrcWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** Small valid files to start bad-input and fuzz tests from; each test then makes them lie or cuts them. */
final class TinyFiles {

    private TinyFiles() {}

    /** A little-endian float32 MRC volume of {@code sections} × {@code height} × {@code width}, value = index. */
    static Path mrc(Path file, int width, int height, int sections) throws IOException {
        MrcWriter.write(
                file,
                new MrcWriter.Spec(
                        width, height, sections, PixelType.FLOAT32, Layout.VOLUME, 1.0, ByteOrder.LITTLE_ENDIAN),
                z -> ramp(width * height, z * width * height));
        return file;
    }

    static float[] ramp(int n, int start) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = start + i;
        }
        return v;
    }

    /** Overwrites a 32-bit little-endian word of a file. */
    static void patchInt(Path file, int offset, int value) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(offset, value);
        Files.write(file, bytes);
    }

    /**
     * An uncompressed little-endian 8-bit grey TIFF of {@code pages} pages, one strip each (pixel = index +
     * page), its tags as given on top of the baseline ones; the last directory points to {@code lastNext}
     * (0 ends the chain).
     */
    static byte[] tiff(int width, int height, Map<Integer, Long> overrides, int pages, long lastNext) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer head = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        head.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8);
        out.writeBytes(head.array());
        int pixels = width * height;
        long at = 8;
        for (int p = 0; p < pages; p++) {
            Map<Integer, Long> tags = new TreeMap<>(Map.of(
                    256,
                    (long) width,
                    257,
                    (long) height,
                    258,
                    8L,
                    259,
                    1L,
                    262,
                    1L,
                    273,
                    0L,
                    277,
                    1L,
                    278,
                    (long) height,
                    279,
                    (long) pixels));
            tags.putAll(overrides);
            int ifdSize = 2 + 12 * tags.size() + 4;
            long dataAt = at + ifdSize;
            if (!overrides.containsKey(273)) {
                tags.put(273, dataAt);
            }
            long next = p == pages - 1 ? lastNext : dataAt + pixels;
            ByteBuffer ifd = ByteBuffer.allocate(ifdSize).order(ByteOrder.LITTLE_ENDIAN);
            ifd.putShort((short) tags.size());
            for (var e : tags.entrySet()) {
                ifd.putShort(e.getKey().shortValue())
                        .putShort((short) 4)
                        .putInt(1)
                        .putInt(e.getValue().intValue());
            }
            ifd.putInt((int) next);
            out.writeBytes(ifd.array());
            for (int i = 0; i < pixels; i++) {
                out.write(i + p);
            }
            at = dataAt + pixels;
        }
        return out.toByteArray();
    }
}
