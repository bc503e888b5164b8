package io.sightline.core.star;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * A buffered UTF-8 writer with a plain loop for ASCII, which is what STAR files are made of: several times
 * faster than an {@link java.io.OutputStreamWriter}'s general encoder for the million-row files the writer
 * streams. Characters outside ASCII are encoded as UTF-8; an unpaired surrogate becomes {@code ?}, as the
 * JDK's encoder makes it.
 */
final class Utf8Writer extends Writer {

    /** From this length a whole string is encoded by the JDK and copied, rather than char by char. */
    private static final int BULK = 64;

    private final OutputStream out;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private char highSurrogate;

    Utf8Writer(OutputStream out) {
        this.out = out;
    }

    @Override
    public void write(int c) throws IOException {
        if (pos + 4 > buf.length) {
            drain();
        }
        put((char) c);
    }

    @Override
    public void write(String s, int off, int len) throws IOException {
        if (len >= BULK
                && highSurrogate == 0
                && off == 0
                && len == s.length()
                && !Character.isHighSurrogate(s.charAt(len - 1))) {
            // A whole line (a row read from a file): the JDK's encoder copies ASCII in bulk.
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            if (pos + bytes.length > buf.length) {
                drain();
            }
            if (bytes.length > buf.length) {
                out.write(bytes);
            } else {
                System.arraycopy(bytes, 0, buf, pos, bytes.length);
                pos += bytes.length;
            }
            return;
        }
        int end = off + len;
        int i = off;
        while (i < end) {
            if (pos + 4 > buf.length) {
                drain();
            }
            int room = Math.min(end, i + (buf.length - pos) / 4);
            for (; i < room; i++) {
                char c = s.charAt(i);
                if (c < 0x80 && highSurrogate == 0) {
                    buf[pos++] = (byte) c;
                } else {
                    put(c);
                }
            }
        }
    }

    @Override
    public void write(char[] chars, int off, int len) throws IOException {
        write(new String(chars, off, len));
    }

    private void put(char c) {
        if (highSurrogate != 0) {
            char high = highSurrogate;
            highSurrogate = 0;
            if (Character.isLowSurrogate(c)) {
                int cp = Character.toCodePoint(high, c);
                buf[pos++] = (byte) (0xf0 | cp >> 18);
                buf[pos++] = (byte) (0x80 | cp >> 12 & 0x3f);
                buf[pos++] = (byte) (0x80 | cp >> 6 & 0x3f);
                buf[pos++] = (byte) (0x80 | cp & 0x3f);
                return;
            }
            buf[pos++] = '?';
        }
        if (c < 0x80) {
            buf[pos++] = (byte) c;
        } else if (c < 0x800) {
            buf[pos++] = (byte) (0xc0 | c >> 6);
            buf[pos++] = (byte) (0x80 | c & 0x3f);
        } else if (Character.isHighSurrogate(c)) {
            highSurrogate = c;
        } else if (Character.isLowSurrogate(c)) {
            buf[pos++] = '?';
        } else {
            buf[pos++] = (byte) (0xe0 | c >> 12);
            buf[pos++] = (byte) (0x80 | c >> 6 & 0x3f);
            buf[pos++] = (byte) (0x80 | c & 0x3f);
        }
    }

    private void drain() throws IOException {
        out.write(buf, 0, pos);
        pos = 0;
    }

    @Override
    public void flush() throws IOException {
        if (highSurrogate != 0) {
            highSurrogate = 0;
            buf[pos++] = '?';
        }
        drain();
        out.flush();
    }

    @Override
    public void close() throws IOException {
        try {
            flush();
        } finally {
            out.close();
        }
    }
}
