package io.sightline.core.text;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Splits UTF-8 text into lines without losing a byte: each line keeps its terminator ({@code \n},
 * {@code \r\n} or none at the end of the file), so writing the lines back gives the input again. Memory is
 * one buffer of the longest line (at most {@value #MAX_LINE} bytes), whatever the size of the file.
 *
 * <p>A cursor for one pass over one source; not thread-safe. Lines that are pure ASCII (the common case for
 * STAR and mdoc files) become strings by a plain copy; others are decoded strictly, and a byte sequence
 * that is not UTF-8 is a {@link TextReadException.Malformed} naming its line.
 */
public final class LineReader implements AutoCloseable {

    /** The longest line accepted; a longer one is malformed (and keeps memory bounded on binary input). */
    public static final int MAX_LINE = 64 << 20;

    private final InputStream in;
    private final Path file;
    private final boolean closeStream;
    private byte[] buf = new byte[1 << 16];
    private int pos;
    private int limit;
    private boolean eof;

    private int number;
    private String text;
    private int contentLength;
    private boolean terminated;

    private LineReader(InputStream in, Path file, boolean closeStream) {
        this.in = in;
        this.file = file;
        this.closeStream = closeStream;
    }

    /** Reads {@code in}, naming {@code file} in errors; {@link #close()} leaves the stream open. */
    public static LineReader of(InputStream in, Path file) {
        return new LineReader(in, file, false);
    }

    /** Opens {@code file}; {@link #close()} closes it. */
    public static LineReader open(Path file) throws TextReadException {
        try {
            return new LineReader(Files.newInputStream(file), file, true);
        } catch (NoSuchFileException e) {
            throw new TextReadException.Unreadable(file, "file not found", e);
        } catch (IOException | SecurityException e) {
            throw new TextReadException.Unreadable(file, "cannot open: " + e.getMessage(), e);
        }
    }

    /** Moves to the next line; false at the end of the input. */
    public boolean next() throws TextReadException {
        boolean ascii = true;
        int scanned = 0;
        while (true) {
            int i = pos + scanned;
            byte[] b = buf;
            int end = limit;
            while (i < end) {
                byte c = b[i];
                if (c == '\n') {
                    take(i + 1 - pos, ascii, true);
                    return true;
                }
                ascii &= c >= 0;
                i++;
            }
            scanned = i - pos;
            if (!fill()) {
                if (scanned == 0) {
                    return false;
                }
                take(scanned, ascii, false);
                return true;
            }
        }
    }

    /** The current line with its terminator, exactly as in the input. */
    public String text() {
        return text;
    }

    /** How many characters of {@link #text()} come before the terminator. */
    public int contentLength() {
        return contentLength;
    }

    /** The current line without its terminator. */
    public String content() {
        return text.substring(0, contentLength);
    }

    /** False for a last line that the input ends in without a line break (perhaps cut short). */
    public boolean terminated() {
        return terminated;
    }

    /** 1-based number of the current line. */
    public int number() {
        return number;
    }

    /** The source named in errors. */
    public Path file() {
        return file;
    }

    private void take(int length, boolean ascii, boolean withTerminator) throws TextReadException {
        number++;
        text = ascii ? new String(buf, pos, length, StandardCharsets.ISO_8859_1) : decode(pos, length);
        pos += length;
        terminated = withTerminator;
        int content = text.length();
        if (withTerminator) {
            content--;
            if (content > 0 && text.charAt(content - 1) == '\r') {
                content--;
            }
        }
        contentLength = content;
    }

    private String decode(int offset, int length) throws TextReadException {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(buf, offset, length))
                    .toString();
        } catch (CharacterCodingException e) {
            int column = 1;
            while (column <= length && buf[offset + column - 1] >= 0) {
                column++;
            }
            throw new TextReadException.Malformed(file, number, column, "not UTF-8 text");
        }
    }

    /** Makes room and reads more bytes after those not yet taken; false at the end of the input. */
    private boolean fill() throws TextReadException {
        if (eof) {
            return false;
        }
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
        if (limit == buf.length) {
            if (buf.length >= MAX_LINE) {
                throw new TextReadException.Malformed(
                        file, number + 1, -1, "line longer than " + MAX_LINE + " bytes (not a text file?)");
            }
            byte[] bigger = new byte[Math.min(MAX_LINE, buf.length * 2)];
            System.arraycopy(buf, 0, bigger, 0, limit);
            buf = bigger;
        }
        try {
            int n = in.read(buf, limit, buf.length - limit);
            if (n < 0) {
                eof = true;
                return false;
            }
            limit += n;
            return true;
        } catch (IOException e) {
            throw new TextReadException.Unreadable(file, "cannot read: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws TextReadException {
        if (closeStream) {
            try {
                in.close();
            } catch (IOException e) {
                throw new TextReadException.Unreadable(file, "cannot close: " + e.getMessage(), e);
            }
        }
    }
}
