package io.sightline.core.image.mrc;

import io.sightline.core.image.ImageHeader;
import io.sightline.core.image.ImageLimits;
import io.sightline.core.image.ImageReadException;
import io.sightline.core.image.Layout;
import io.sightline.core.image.PixelSpacing;
import io.sightline.core.image.PixelType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the 1,024-byte MRC2014 header (the CCP-EM specification's word layout) and checks it against the
 * limits and the file's length before anything trusts it. A pure function of the bytes, so the fuzz tests
 * can call it on anything.
 *
 * @param header    the common description
 * @param byteOrder the order of header words and samples
 * @param planeBytes bytes per section
 */
record MrcHeader(ImageHeader header, ByteOrder byteOrder, long planeBytes) {

    static final int SIZE = 1024;
    static final byte[] MAP = {'M', 'A', 'P', ' '};
    static final int MAP_OFFSET = 208;

    private static final int NX = 0, NY = 4, NZ = 8, MODE = 12, MX = 28, MY = 32, MZ = 36, CELLA = 40;
    private static final int MAPC = 64, MAPR = 68, MAPS = 72, ISPG = 88, NSYMBT = 92, EXTTYP = 104;
    private static final int NVERSION = 108, MACHST = 212, NLABL = 220, LABELS = 224, LABEL_SIZE = 80;
    private static final int MAX_LABELS = 10;

    /**
     * @param bytes    the file's first 1,024 bytes (fewer means the file is too short)
     * @param fileSize the file's length, against which the extended header and the data are checked
     */
    static MrcHeader parse(Path file, ByteBuffer bytes, long fileSize, ImageLimits limits) throws ImageReadException {
        if (bytes.remaining() < SIZE) {
            throw new ImageReadException.Truncated(
                    file, "header", "an MRC header is " + SIZE + " bytes, the file has " + bytes.remaining());
        }
        ByteBuffer h = bytes.slice(bytes.position(), SIZE).order(byteOrder(file, bytes.slice(bytes.position(), SIZE)));
        int nx = h.getInt(NX), ny = h.getInt(NY), nz = h.getInt(NZ), mode = h.getInt(MODE);
        limits.checkPlane(file, "nx", nx, "ny", ny);
        limits.checkPages(file, "nz", nz);
        PixelType type = MrcModes.typeOf(mode);
        if (type == null) {
            throw new ImageReadException.Unsupported(file, "mode", MrcModes.describeUnread(mode));
        }
        checkAxisOrder(file, h.getInt(MAPC), h.getInt(MAPR), h.getInt(MAPS));
        int ispg = h.getInt(ISPG), mx = h.getInt(MX), my = h.getInt(MY), mz = h.getInt(MZ);
        Layout layout = layout(file, nz, ispg, mz);
        int nsymbt = h.getInt(NSYMBT);
        if (nsymbt < 0) {
            throw new ImageReadException.Malformed(file, "nsymbt", "must be at least 0, is " + nsymbt);
        }
        long dataOffset = SIZE + (long) nsymbt;
        if (dataOffset > fileSize) {
            throw new ImageReadException.Truncated(
                    file,
                    "nsymbt",
                    "the extended header of " + nsymbt + " bytes ends at byte " + dataOffset + " but the file has "
                            + fileSize);
        }
        long planeBytes = (long) nx * ny * type.bytes();
        long dataBytes = planeBytes * nz;
        if (dataBytes > fileSize - dataOffset) {
            throw new ImageReadException.Truncated(
                    file,
                    "nx × ny × nz",
                    nx + " × " + ny + " × " + nz + " " + type + " samples from byte " + dataOffset + " need "
                            + dataBytes + " bytes, the file has " + (fileSize - dataOffset));
        }
        List<Double> cell =
                List.of(decimal(h.getFloat(CELLA)), decimal(h.getFloat(CELLA + 4)), decimal(h.getFloat(CELLA + 8)));
        MrcDetails details = new MrcDetails(
                mode,
                h.order() == ByteOrder.LITTLE_ENDIAN ? "little-endian" : "big-endian",
                ispg,
                mx,
                my,
                mz,
                cell,
                nsymbt,
                text(h, EXTTYP, 4),
                h.getInt(NVERSION),
                dataOffset,
                labels(h));
        ImageHeader header = new ImageHeader(
                file, MrcFormat.NAME, nx, ny, nz, 1, type, layout, spacing(cell, mx, my, mz, layout), details);
        return new MrcHeader(header, h.order(), planeBytes);
    }

    /**
     * MACHST says the byte order (0x44 little-, 0x11 big-endian). Older writers left it zero; then the order
     * in which the mode is a known one and the sizes are positive is the file's, as mrcfile also guesses.
     */
    private static ByteOrder byteOrder(Path file, ByteBuffer h) throws ImageReadException {
        byte stamp = h.get(MACHST);
        if (stamp == 0x44) {
            return ByteOrder.LITTLE_ENDIAN;
        }
        if (stamp == 0x11) {
            return ByteOrder.BIG_ENDIAN;
        }
        for (ByteOrder order : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)) {
            h.order(order);
            if (MrcModes.isKnown(h.getInt(MODE)) && h.getInt(NX) > 0 && h.getInt(NY) > 0 && h.getInt(NZ) > 0) {
                return order;
            }
        }
        throw new ImageReadException.Malformed(
                file,
                "machst",
                String.format(
                        "byte order stamp 0x%02x%02x is neither little- (0x4444) nor big-endian (0x1111), and the"
                                + " mode and sizes make sense in neither order",
                        stamp, h.get(MACHST + 1)));
    }

    private static void checkAxisOrder(Path file, int mapc, int mapr, int maps) throws ImageReadException {
        boolean standard = mapc == 1 && mapr == 2 && maps == 3;
        boolean unset = mapc == 0 && mapr == 0 && maps == 0; // pre-2014 writers
        if (!standard && !unset) {
            throw new ImageReadException.Unsupported(
                    file,
                    "mapc/mapr/maps",
                    "axis order " + mapc + "," + mapr + "," + maps + " is not read; only 1,2,3 (x in rows) is");
        }
    }

    private static Layout layout(Path file, int nz, int ispg, int mz) throws ImageReadException {
        if (nz == 1) {
            return Layout.IMAGE;
        }
        if (ispg == 0) {
            return Layout.STACK;
        }
        if (ispg >= 401 && ispg <= 630) {
            if (mz < 1 || nz % mz != 0) {
                throw new ImageReadException.Malformed(
                        file, "mz", "a volume stack's nz (" + nz + ") must be a multiple of mz (" + mz + ")");
            }
            return Layout.VOLUME_STACK;
        }
        // Files written before MRC2014 mark stacks by one section per cell rather than by space group.
        return mz == 1 ? Layout.STACK : Layout.VOLUME;
    }

    /** Pixel size = cell size / sampling, when both are given; z only for volumes. */
    private static PixelSpacing spacing(List<Double> cell, int mx, int my, int mz, Layout layout) {
        double x = perSample(cell.get(0), mx);
        double y = perSample(cell.get(1), my);
        if (Double.isNaN(x) || Double.isNaN(y)) {
            return null;
        }
        double z = perSample(cell.get(2), mz);
        boolean volume = layout == Layout.VOLUME || layout == Layout.VOLUME_STACK;
        return new PixelSpacing(
                x * PixelSpacing.ANGSTROM,
                y * PixelSpacing.ANGSTROM,
                volume && !Double.isNaN(z) ? z * PixelSpacing.ANGSTROM : null);
    }

    /**
     * The float as the decimal it was written as: cell sizes are stored as floats, and 42.4f widened as is would
     * be 42.400001525878906, a pixel size no one entered.
     */
    private static double decimal(float value) {
        return Double.parseDouble(Float.toString(value));
    }

    private static double perSample(double cellLength, int samples) {
        return samples > 0 && cellLength > 0 && Double.isFinite(cellLength) ? cellLength / samples : Double.NaN;
    }

    private static List<String> labels(ByteBuffer h) {
        int count = Math.min(Math.max(h.getInt(NLABL), 0), MAX_LABELS);
        List<String> labels = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String label = text(h, LABELS + i * LABEL_SIZE, LABEL_SIZE);
            if (!label.isEmpty()) {
                labels.add(label);
            }
        }
        return List.copyOf(labels);
    }

    /** ASCII text of a fixed-size field, trailing blanks and NULs dropped, anything unprintable as '?'. */
    private static String text(ByteBuffer h, int offset, int length) {
        byte[] raw = new byte[length];
        h.get(offset, raw);
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] != 0 && (raw[i] < 0x20 || raw[i] > 0x7e)) {
                raw[i] = '?';
            }
        }
        return new String(raw, StandardCharsets.US_ASCII).replace('\0', ' ').strip();
    }
}
