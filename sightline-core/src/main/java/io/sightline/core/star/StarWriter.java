package io.sightline.core.star;

import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;

/**
 * Writes STAR events: an element read from a file is written as its source text, unchanged; an element made
 * or changed in code is formatted as RELION formats it ({@code # version} comment and blank lines around
 * {@code data_}, {@code loop_} with numbered labels, values separated by one space and quoted only when they
 * must be). So writing what a {@link StarStream} read gives the same bytes, and an edited file differs only
 * where it was edited.
 *
 * <p>Streaming: memory does not grow with the file. One writer per output; not thread-safe. The writer
 * checks the order of events (a pair or loop inside a block, rows after their loop's header, as many values
 * as columns) and refuses others with an {@link IllegalStateException} or {@link IllegalArgumentException}.
 */
public final class StarWriter implements Closeable, Flushable {

    private final Writer out;
    private final StringBuilder line = new StringBuilder(256);
    private boolean inBlock;
    private int width = -1;
    private boolean afterRows;
    private boolean atLineStart = true;

    private StarWriter(Writer out) {
        this.out = out;
    }

    /** Writes UTF-8 to {@code out} through its own buffer; {@link #close()} closes {@code out}. */
    public static StarWriter of(OutputStream out) {
        return new StarWriter(new Utf8Writer(out));
    }

    /** Writes to {@code out}; {@link #close()} closes it. */
    public static StarWriter of(Writer out) {
        return new StarWriter(out);
    }

    /** A whole file as text. */
    public static String toString(StarFile file) {
        var text = new java.io.StringWriter();
        try (StarWriter w = of(text)) {
            w.write(file);
        } catch (IOException e) {
            throw new AssertionError("a StringWriter does not fail", e);
        }
        return text.toString();
    }

    /** Writes a whole file: its blocks, then its trailer. */
    public void write(StarFile file) throws IOException {
        for (StarBlock block : file.blocks()) {
            write(block.header());
            for (StarItem item : block.items()) {
                switch (item) {
                    case StarPair p -> write(p);
                    case StarLoop l -> {
                        write(l.header());
                        for (StarRow row : l.rows()) {
                            write(row);
                        }
                    }
                }
            }
        }
        write(new StarEnd(file.trailer()));
    }

    /** Writes one event. */
    public void write(StarEvent event) throws IOException {
        switch (event) {
            case StarBlockHeader h -> block(h);
            case StarPair p -> pair(p);
            case StarLoopHeader l -> loop(l);
            case StarRow r -> row(r);
            case StarEnd e -> end(e);
        }
    }

    private void block(StarBlockHeader h) throws IOException {
        if (h.source() != null) {
            text(h.source());
        } else {
            startLine();
            out.write(StarFormat.blockHeader(h.name(), h.version()));
        }
        inBlock = true;
        width = -1;
        afterRows = false;
    }

    private void pair(StarPair p) throws IOException {
        requireBlock("a pair");
        if (p.source() != null) {
            text(p.source());
        } else {
            StarValues.requireWritable(p.value());
            formatted();
            out.write(StarFormat.pair(p.key(), p.value(), "\n"));
        }
        width = -1;
    }

    private void loop(StarLoopHeader l) throws IOException {
        requireBlock("a loop");
        if (l.source() != null) {
            text(l.source());
        } else {
            formatted();
            out.write(StarFormat.loopHeader(l.columns()));
        }
        width = l.columns().size();
    }

    private void row(StarRow r) throws IOException {
        if (width < 0) {
            throw new IllegalStateException("a row outside a loop: " + r);
        }
        if (r.size() != width) {
            throw new IllegalArgumentException(
                    "a row of " + r.size() + " values in a loop of " + width + " columns: " + r);
        }
        String source = r.source();
        if (source != null) {
            text(source);
        } else {
            startLine();
            // One string per row lets the encoder copy it in bulk.
            line.setLength(0);
            StarFormat.row(line, r.values());
            out.write(line.append('\n').toString());
            atLineStart = true;
        }
        afterRows = true;
    }

    private void end(StarEnd e) throws IOException {
        if (!e.trailer().isEmpty()) {
            text(e.trailer());
        }
        flush();
    }

    private void requireBlock(String what) {
        if (!inBlock) {
            throw new IllegalStateException(what + " before the first data_ block");
        }
    }

    /** Before a formatted pair or loop: a new line, and the blank line that ends a loop's rows for RELION. */
    private void formatted() throws IOException {
        startLine();
        if (afterRows) {
            out.write('\n');
        }
        afterRows = false;
    }

    private void startLine() throws IOException {
        if (!atLineStart) {
            out.write('\n');
            atLineStart = true;
        }
    }

    private void text(String source) throws IOException {
        startLine();
        out.write(source);
        char last = source.isEmpty() ? '\n' : source.charAt(source.length() - 1);
        atLineStart = last == '\n';
        afterRows = false;
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
