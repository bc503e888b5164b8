package io.sightline.core.image.tiff;

import io.sightline.core.image.BoundedFile;
import io.sightline.core.image.ImageReadException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * One image file directory: its entries by tag, values read on demand with every count checked against the
 * file before anything is allocated for it.
 */
final class Ifd {

    /** Field types by their number: the size in bytes of one value. */
    private static final int[] TYPE_SIZES = {0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8};

    private static final int TYPE_BYTE = 1, TYPE_ASCII = 2, TYPE_SHORT = 3, TYPE_LONG = 4, TYPE_RATIONAL = 5;
    private static final int TYPE_SSHORT = 8, TYPE_SLONG = 9, TYPE_SRATIONAL = 10;

    /** The most values of one numeric array accepted (strip or tile offsets); far more than any real file has. */
    static final int MAX_ARRAY = 1 << 20;

    /** The longest text read from an ASCII field (descriptions carry metadata, not pages of prose). */
    private static final int MAX_TEXT = 1 << 16;

    private record Entry(int type, long count, long valueAt) {}

    private final BoundedFile file;
    private final ByteOrder order;
    private final int page;
    private final Map<Integer, Entry> entries;
    private final long next;

    private Ifd(BoundedFile file, ByteOrder order, int page, Map<Integer, Entry> entries, long next) {
        this.file = file;
        this.order = order;
        this.page = page;
        this.entries = entries;
        this.next = next;
    }

    /** Reads the directory at {@code offset} (its entry count, entries and the next directory's offset). */
    static Ifd read(BoundedFile file, ByteOrder order, int page, long offset) throws ImageReadException {
        String where = "IFD " + page;
        int count = file.read(offset, 2, order, where).getShort() & 0xFFFF;
        ByteBuffer body = file.read(offset + 2, count * 12 + 4, order, where);
        Map<Integer, Entry> entries = new HashMap<>();
        for (int i = 0; i < count; i++) {
            int at = i * 12;
            int tag = body.getShort(at) & 0xFFFF;
            int type = body.getShort(at + 2) & 0xFFFF;
            long n = body.getInt(at + 4) & 0xFFFFFFFFL;
            if (type < 1 || type >= TYPE_SIZES.length) {
                continue; // unknown types must be skipped (TIFF 6.0, section 2)
            }
            long bytes = n * TYPE_SIZES[type];
            long valueAt = bytes <= 4 ? offset + 2 + at + 8 : body.getInt(at + 8) & 0xFFFFFFFFL;
            entries.putIfAbsent(tag, new Entry(type, n, valueAt));
        }
        long next = body.getInt(count * 12) & 0xFFFFFFFFL;
        return new Ifd(file, order, page, entries, next);
    }

    /** The next directory's offset; 0 when this is the last. */
    long next() {
        return next;
    }

    int page() {
        return page;
    }

    Path path() {
        return file.file();
    }

    boolean has(int tag) {
        return entries.containsKey(tag);
    }

    /** The first value of an integer field, or {@code absent} when the tag is missing. */
    long number(int tag, long absent) throws ImageReadException {
        Entry e = entries.get(tag);
        if (e == null) {
            return absent;
        }
        if (e.count() < 1) {
            throw malformed(tag, "has no value");
        }
        return integer(e, tag, 0, file.read(e.valueAt(), size(e.type()), order, field(tag)), 0);
    }

    /** Every value of an integer field, with the count expected by the geometry (checked before reading). */
    long[] numbers(int tag, int expected) throws ImageReadException {
        Entry e = entries.get(tag);
        if (e == null) {
            throw malformed(tag, "is missing");
        }
        if (e.count() != expected) {
            throw malformed(tag, "has " + e.count() + " values, the image's layout needs " + expected);
        }
        int size = size(e.type());
        ByteBuffer values = file.read(e.valueAt(), Math.multiplyExact(expected, size), order, field(tag));
        long[] out = new long[expected];
        for (int i = 0; i < expected; i++) {
            out[i] = integer(e, tag, i, values, i * size);
        }
        return out;
    }

    /** The first value of a RATIONAL field as a double, or NaN when absent or zero-denominated. */
    double rational(int tag) throws ImageReadException {
        Entry e = entries.get(tag);
        if (e == null || e.count() < 1 || (e.type() != TYPE_RATIONAL && e.type() != TYPE_SRATIONAL)) {
            return Double.NaN;
        }
        ByteBuffer v = file.read(e.valueAt(), 8, order, field(tag));
        double numerator = e.type() == TYPE_RATIONAL ? v.getInt(0) & 0xFFFFFFFFL : v.getInt(0);
        double denominator = e.type() == TYPE_RATIONAL ? v.getInt(4) & 0xFFFFFFFFL : v.getInt(4);
        return denominator == 0 ? Double.NaN : numerator / denominator;
    }

    /** An ASCII field (up to its first NUL, at most 64 KiB), or null when absent. */
    String text(int tag) throws ImageReadException {
        Entry e = entries.get(tag);
        if (e == null || e.type() != TYPE_ASCII) {
            return null;
        }
        int length = (int) Math.min(e.count(), MAX_TEXT);
        ByteBuffer v = file.read(e.valueAt(), length, order, field(tag));
        byte[] raw = new byte[length];
        v.get(raw);
        int end = 0;
        while (end < raw.length && raw[end] != 0) {
            end++;
        }
        return new String(raw, 0, end, StandardCharsets.ISO_8859_1);
    }

    private long integer(Entry e, int tag, int index, ByteBuffer values, int at) throws ImageReadException {
        return switch (e.type()) {
            case TYPE_BYTE -> values.get(at) & 0xFF;
            case TYPE_SHORT -> values.getShort(at) & 0xFFFF;
            case TYPE_LONG -> values.getInt(at) & 0xFFFFFFFFL;
            case TYPE_SSHORT -> values.getShort(at);
            case TYPE_SLONG -> values.getInt(at);
            default -> throw malformed(tag, "value " + index + " has type " + e.type() + ", not an integer type");
        };
    }

    private static int size(int type) {
        return TYPE_SIZES[type];
    }

    String field(int tag) {
        return TiffTag.name(tag) + " (page " + page + ")";
    }

    ImageReadException.Malformed malformed(int tag, String problem) {
        return new ImageReadException.Malformed(file.file(), field(tag), problem);
    }
}
