package io.sightline.simulate.recording;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes regular files into a POSIX ustar stream (the subset epuplayer's archives need: short names,
 * regular files). Sizes beyond the octal field use GNU base-256, which Python's tarfile reads.
 */
final class TarWriter implements Closeable {

    static final int BLOCK = 512;
    private static final int RECORD = 20 * BLOCK;

    private final OutputStream out;
    private long written;

    TarWriter(OutputStream out) {
        this.out = out;
    }

    void addFile(String name, Path file, long mtimeSeconds) throws IOException {
        long size = Files.size(file);
        out.write(header(name, '0', size, mtimeSeconds));
        written += BLOCK;
        try (var in = Files.newInputStream(file)) {
            long copied = in.transferTo(out);
            if (copied != size) {
                throw new IOException(file + " changed size while archived");
            }
        }
        written += size;
        pad();
    }

    void addBytes(String name, byte[] content, long mtimeSeconds) throws IOException {
        addEntry(name, '0', content, mtimeSeconds);
    }

    /** Any entry type; used to write pax headers, and by tests to build hostile archives. */
    void addEntry(String name, char type, byte[] content, long mtimeSeconds) throws IOException {
        out.write(header(name, type, content.length, mtimeSeconds));
        out.write(content);
        written += BLOCK + content.length;
        pad();
    }

    /** Writes the two zero blocks that end an archive and pads to a whole record, as tar does. */
    @Override
    public void close() throws IOException {
        out.write(new byte[2 * BLOCK]);
        written += 2 * BLOCK;
        int rest = (int) (written % RECORD);
        if (rest != 0) {
            out.write(new byte[RECORD - rest]);
        }
        out.close();
    }

    private void pad() throws IOException {
        int rest = (int) (written % BLOCK);
        if (rest != 0) {
            out.write(new byte[BLOCK - rest]);
            written += BLOCK - rest;
        }
    }

    static byte[] header(String name, char type, long size, long mtimeSeconds) {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        if (nameBytes.length > 100) {
            throw new IllegalArgumentException("tar entry name longer than 100 bytes: " + name);
        }
        byte[] h = new byte[BLOCK];
        System.arraycopy(nameBytes, 0, h, 0, nameBytes.length);
        octal(h, 100, 8, 0644);
        octal(h, 108, 8, 0);
        octal(h, 116, 8, 0);
        if (size < 077777777777L) {
            octal(h, 124, 12, size);
        } else {
            h[124] = (byte) 0x80;
            for (int i = 0; i < 8; i++) {
                h[135 - i] = (byte) (size >>> (8 * i));
            }
        }
        octal(h, 136, 12, Math.max(0, mtimeSeconds));
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        h[156] = (byte) type;
        System.arraycopy("ustar\0".getBytes(StandardCharsets.US_ASCII), 0, h, 257, 6);
        h[263] = '0';
        h[264] = '0';
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        byte[] chk = String.format("%06o", sum).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(chk, 0, h, 148, 6);
        h[154] = 0;
        h[155] = ' ';
        return h;
    }

    private static void octal(byte[] h, int offset, int length, long value) {
        String s = String.format("%0" + (length - 1) + "o", value);
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, offset, length - 1);
        h[offset + length - 1] = 0;
    }
}
