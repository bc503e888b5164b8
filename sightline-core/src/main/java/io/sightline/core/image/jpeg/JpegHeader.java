package io.sightline.core.image.jpeg;

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
 * Walks a JPEG's marker segments (ITU T.81, annex B) up to the frame header (SOFn) and reads the size from it,
 * and the pixel density from a JFIF APP0 segment. Each segment's length is checked against the file, and the
 * walk only moves forward, so any input ends it.
 */
final class JpegHeader {

    private static final Map<Integer, String> PROCESSES = Map.ofEntries(
            Map.entry(0xC0, "baseline"),
            Map.entry(0xC1, "extended"),
            Map.entry(0xC2, "progressive"),
            Map.entry(0xC3, "lossless"),
            Map.entry(0xC5, "differential sequential"),
            Map.entry(0xC6, "differential progressive"),
            Map.entry(0xC7, "differential lossless"),
            Map.entry(0xC9, "extended arithmetic"),
            Map.entry(0xCA, "progressive arithmetic"),
            Map.entry(0xCB, "lossless arithmetic"),
            Map.entry(0xCD, "differential sequential arithmetic"),
            Map.entry(0xCE, "differential progressive arithmetic"),
            Map.entry(0xCF, "differential lossless arithmetic"));

    /** The processes the JDK's decoder reads (Huffman-coded, 8-bit, not lossless). */
    private static final Set<Integer> DECODED = Set.of(0xC0, 0xC1, 0xC2);

    private static final int SOS = 0xDA, EOI = 0xD9, APP0 = 0xE0, TEM = 0x01, RST0 = 0xD0, RST7 = 0xD7;

    private JpegHeader() {}

    static ImageHeader read(BoundedFile file, ImageLimits limits) throws ImageReadException {
        PixelSpacing spacing = null;
        boolean jfif = false;
        long at = 2;
        while (true) {
            at = markerEnd(file, at);
            int marker = file.read(at - 1, 1, ByteOrder.BIG_ENDIAN, "marker").get(0) & 0xFF;
            if (marker == TEM || (marker >= RST0 && marker <= RST7)) {
                continue; // markers without a segment
            }
            if (marker == SOS || marker == EOI) {
                throw new ImageReadException.Malformed(file.file(), "SOF", "no frame header before the image data");
            }
            ByteBuffer len = file.read(at, 2, ByteOrder.BIG_ENDIAN, segment(marker));
            int length = len.getShort(0) & 0xFFFF;
            if (length < 2) {
                throw new ImageReadException.Malformed(
                        file.file(), segment(marker), "length " + length + " is below 2");
            }
            file.require(at, length, segment(marker));
            if (PROCESSES.containsKey(marker)) {
                return frame(file, limits, marker, at, length, spacing, jfif);
            }
            if (marker == APP0 && length >= 16) {
                ByteBuffer app0 = file.read(at + 2, 14, ByteOrder.BIG_ENDIAN, "APP0");
                if (app0.getInt(0) == 0x4A464946 && app0.get(4) == 0) { // "JFIF\0"
                    jfif = true;
                    spacing = density(app0.get(7) & 0xFF, app0.getShort(8) & 0xFFFF, app0.getShort(10) & 0xFFFF);
                }
            }
            at += length;
        }
    }

    private static ImageHeader frame(
            BoundedFile file, ImageLimits limits, int marker, long at, int length, PixelSpacing spacing, boolean jfif)
            throws ImageReadException {
        String field = segment(marker);
        if (length < 8) {
            throw new ImageReadException.Malformed(file.file(), field, "length " + length + " is below 8");
        }
        ByteBuffer sof = file.read(at + 2, 6, ByteOrder.BIG_ENDIAN, field);
        int precision = sof.get(0) & 0xFF;
        int height = sof.getShort(1) & 0xFFFF;
        int width = sof.getShort(3) & 0xFFFF;
        int components = sof.get(5) & 0xFF;
        if (height == 0) {
            throw new ImageReadException.Unsupported(
                    file.file(), field + ".height", "is 0 (set later by a DNL marker), which is not read");
        }
        limits.checkPlane(file.file(), field + ".width", width, field + ".height", height);
        if (components != 1 && components != 3) {
            throw new ImageReadException.Unsupported(
                    file.file(),
                    field + ".components",
                    components + " components (CMYK or other) are not read; grey and colour are");
        }
        if (!DECODED.contains(marker) || precision != 8) {
            throw new ImageReadException.Unsupported(
                    file.file(),
                    field,
                    precision + "-bit " + PROCESSES.get(marker) + " JPEG is not read; 8-bit baseline, extended and"
                            + " progressive are");
        }
        return new ImageHeader(
                file.file(),
                JpegFormat.NAME,
                width,
                height,
                1,
                components,
                PixelType.UINT8,
                Layout.IMAGE,
                spacing,
                new JpegDetails(PROCESSES.get(marker), precision, jfif));
    }

    /** The position just after the marker that starts at {@code at}. */
    private static long markerEnd(BoundedFile file, long at) throws ImageReadException {
        long p = at;
        if ((file.read(p, 1, ByteOrder.BIG_ENDIAN, "marker").get(0) & 0xFF) != 0xFF) {
            throw new ImageReadException.Malformed(
                    file.file(), "marker", "byte " + p + " should start a marker (0xFF) but does not");
        }
        while ((file.read(p + 1, 1, ByteOrder.BIG_ENDIAN, "marker").get(0) & 0xFF) == 0xFF) {
            p++;
        }
        return p + 2;
    }

    /** JFIF density: units 1 dots per inch, 2 per centimetre; 0 gives only an aspect ratio. */
    private static PixelSpacing density(int units, int x, int y) {
        double metres = units == 1 ? 0.0254 : units == 2 ? 0.01 : Double.NaN;
        return Double.isNaN(metres) || x == 0 || y == 0 ? null : new PixelSpacing(metres / x, metres / y, null);
    }

    private static String segment(int marker) {
        String name = PROCESSES.containsKey(marker) ? "SOF" + (marker - 0xC0) : String.format("marker 0x%02X", marker);
        return marker == APP0 ? "APP0" : name;
    }
}
