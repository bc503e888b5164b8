package io.sightline.simulate.epu;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * An {@link Appendable} that encodes straight into a byte buffer (UTF-8; the templates are ASCII, so this is
 * almost always one byte per char) and hands full buffers to an {@link OutputStream}. Faster than an
 * {@code OutputStreamWriter} for the large generated files.
 */
final class Utf8Sink implements Appendable {

    private final OutputStream out;
    private final byte[] buffer = new byte[1 << 16];
    private int used;

    Utf8Sink(OutputStream out) {
        this.out = out;
    }

    @Override
    public Appendable append(CharSequence text) throws IOException {
        return append(text, 0, text.length());
    }

    @Override
    public Appendable append(CharSequence text, int start, int end) throws IOException {
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                if (used == buffer.length) {
                    drain();
                }
                buffer[used++] = (byte) c;
            } else {
                int next = Character.isHighSurrogate(c) && i + 1 < end ? i + 2 : i + 1;
                writeBytes(text.subSequence(i, next).toString().getBytes(StandardCharsets.UTF_8));
                i = next - 1;
            }
        }
        return this;
    }

    @Override
    public Appendable append(char c) throws IOException {
        return append(String.valueOf(c));
    }

    private void writeBytes(byte[] bytes) throws IOException {
        if (used + bytes.length > buffer.length) {
            drain();
        }
        System.arraycopy(bytes, 0, buffer, used, bytes.length);
        used += bytes.length;
    }

    private void drain() throws IOException {
        out.write(buffer, 0, used);
        used = 0;
    }

    /** Writes what is buffered to the stream (does not flush or close the stream). */
    void finish() throws IOException {
        drain();
    }
}
