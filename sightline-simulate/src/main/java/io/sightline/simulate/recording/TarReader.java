package io.sightline.simulate.recording;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads a tar stream entry by entry without extracting anything: the caller decides what to keep and
 * where. Understands ustar, pax extended headers (Python's default format) and GNU long names; reports
 * links, devices and malformed headers as typed errors naming the entry.
 */
final class TarReader {

    /** One entry; {@link #content} is valid until the next call to {@link TarReader#next()}. */
    record Entry(String name, char type, long size, InputStream content) {
        boolean isRegularFile() {
            return type == '0' || type == '\0' || type == '7';
        }

        boolean isDirectory() {
            return type == '5';
        }
    }

    private final InputStream in;
    private long remaining;
    private long padding;
    private String lastName = "(start of archive)";

    TarReader(InputStream in) {
        this.in = in;
    }

    /** The next entry, or {@code null} at the end of the archive. */
    Entry next() throws IOException {
        skipRest();
        String overrideName = null;
        Long overrideSize = null;
        while (true) {
            byte[] h = new byte[TarWriter.BLOCK];
            int n = readFully(h);
            if (n == 0) {
                return null; // end of stream without the zero blocks: accepted, gzip already checked integrity
            }
            if (n < TarWriter.BLOCK) {
                throw new CorruptRecordingException(lastName, "archive is truncated (partial tar header)");
            }
            if (isZero(h)) {
                return null;
            }
            String name = overrideName != null ? overrideName : headerName(h);
            verifyChecksum(h, name);
            char type = (char) h[156];
            long size = overrideSize != null ? overrideSize : parseNumber(h, 124, 12, name);
            if (size < 0) {
                throw new CorruptRecordingException(name, "negative entry size");
            }
            lastName = name;
            if (type == 'x' || type == 'g' || type == 'L') {
                if (size > 1024 * 1024) {
                    throw new UnsafeRecordingException(name, "extended header larger than 1 MiB");
                }
                byte[] data = readExactly((int) size, name);
                skipPadding(size, name);
                if (type == 'x') {
                    var pax = parsePax(data, name);
                    overrideName = pax.path != null ? pax.path : overrideName;
                    overrideSize = pax.size != null ? pax.size : overrideSize;
                } else if (type == 'L') {
                    overrideName = cString(data, 0, data.length);
                }
                continue;
            }
            remaining = size;
            padding = (TarWriter.BLOCK - size % TarWriter.BLOCK) % TarWriter.BLOCK;
            return new Entry(name, type, size, new BoundedStream(name));
        }
    }

    private void skipRest() throws IOException {
        while (remaining > 0) {
            long skipped = in.skip(remaining);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new CorruptRecordingException(lastName, "archive is truncated inside this entry");
                }
                skipped = 1;
            }
            remaining -= skipped;
        }
        while (padding > 0) {
            if (in.read() < 0) {
                throw new CorruptRecordingException(lastName, "archive is truncated inside this entry");
            }
            padding--;
        }
    }

    private void skipPadding(long size, String name) throws IOException {
        long pad = (TarWriter.BLOCK - size % TarWriter.BLOCK) % TarWriter.BLOCK;
        readExactly((int) pad, name);
    }

    private byte[] readExactly(int length, String name) throws IOException {
        byte[] b = new byte[length];
        if (readFully(b) != length) {
            throw new CorruptRecordingException(name, "archive is truncated inside this entry");
        }
        return b;
    }

    private int readFully(byte[] b) throws IOException {
        int total = 0;
        while (total < b.length) {
            int r;
            try {
                r = in.read(b, total, b.length - total);
            } catch (EOFException e) {
                throw new CorruptRecordingException(lastName, "archive is truncated (" + e.getMessage() + ")", e);
            } catch (java.util.zip.ZipException e) {
                throw new CorruptRecordingException(lastName, "compressed data is corrupt (" + e.getMessage() + ")", e);
            }
            if (r < 0) {
                break;
            }
            total += r;
        }
        return total;
    }

    private static boolean isZero(byte[] h) {
        for (byte b : h) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static String headerName(byte[] h) {
        String name = cString(h, 0, 100);
        boolean ustar = new String(h, 257, 5, StandardCharsets.US_ASCII).equals("ustar");
        if (ustar) {
            String prefix = cString(h, 345, 155);
            if (!prefix.isEmpty()) {
                name = prefix + "/" + name;
            }
        }
        return name;
    }

    private static String cString(byte[] b, int offset, int max) {
        int end = offset;
        while (end < offset + max && b[end] != 0) {
            end++;
        }
        return new String(b, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static void verifyChecksum(byte[] h, String name) throws CorruptRecordingException {
        long expected = parseNumber(h, 148, 8, name);
        long unsigned = 0;
        long signed = 0;
        for (int i = 0; i < h.length; i++) {
            int b = (i >= 148 && i < 156) ? ' ' : h[i];
            unsigned += b & 0xff;
            signed += (i >= 148 && i < 156) ? ' ' : h[i];
        }
        if (expected != unsigned && expected != signed) {
            throw new CorruptRecordingException(name, "tar header checksum mismatch (not a tar archive, or corrupt)");
        }
    }

    private static long parseNumber(byte[] h, int offset, int length, String name) throws CorruptRecordingException {
        if ((h[offset] & 0x80) != 0) {
            long v = 0;
            for (int i = offset + 1; i < offset + length; i++) {
                if (v >>> 55 != 0) {
                    throw new CorruptRecordingException(name, "number in tar header too large");
                }
                v = (v << 8) | (h[i] & 0xff);
            }
            return v;
        }
        String s = new String(h, offset, length, StandardCharsets.US_ASCII)
                .replace("\0", " ")
                .trim();
        if (s.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(s, 8);
        } catch (NumberFormatException e) {
            throw new CorruptRecordingException(name, "malformed number in tar header: '" + s + "'");
        }
    }

    private record Pax(String path, Long size) {}

    private static Pax parsePax(byte[] data, String name) throws CorruptRecordingException {
        String path = null;
        Long size = null;
        int pos = 0;
        while (pos < data.length) {
            int space = pos;
            while (space < data.length && data[space] != ' ') {
                space++;
            }
            int recordLength;
            try {
                recordLength = Integer.parseInt(new String(data, pos, space - pos, StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                throw new CorruptRecordingException(name, "malformed pax header");
            }
            if (recordLength <= space - pos || pos + recordLength > data.length) {
                throw new CorruptRecordingException(name, "malformed pax header");
            }
            String record = new String(data, space + 1, pos + recordLength - space - 2, StandardCharsets.UTF_8);
            int eq = record.indexOf('=');
            if (eq > 0) {
                String key = record.substring(0, eq).toLowerCase(Locale.ROOT);
                String value = record.substring(eq + 1);
                if (key.equals("path")) {
                    path = value;
                } else if (key.equals("size")) {
                    try {
                        size = Long.parseLong(value);
                    } catch (NumberFormatException e) {
                        throw new CorruptRecordingException(name, "malformed pax size '" + value + "'");
                    }
                }
            }
            pos += recordLength;
        }
        return new Pax(path, size);
    }

    /** The content of the current entry: ends at the entry's size, reports truncation with its name. */
    private final class BoundedStream extends InputStream {
        private final String name;

        BoundedStream(String name) {
            this.name = name;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int r = read(one, 0, 1);
            return r < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int r;
            try {
                r = in.read(b, off, (int) Math.min(len, remaining));
            } catch (EOFException e) {
                throw new CorruptRecordingException(name, "archive is truncated inside this entry", e);
            } catch (java.util.zip.ZipException e) {
                throw new CorruptRecordingException(name, "compressed data is corrupt (" + e.getMessage() + ")", e);
            }
            if (r < 0) {
                throw new CorruptRecordingException(name, "archive is truncated inside this entry");
            }
            remaining -= r;
            return r;
        }
    }
}
