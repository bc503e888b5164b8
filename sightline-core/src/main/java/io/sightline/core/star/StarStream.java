package io.sightline.core.star;

import io.sightline.core.text.LineReader;
import io.sightline.core.text.TextReadException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a STAR file one {@link StarEvent} at a time, holding only the current line (and a loop's column
 * labels), so a particle file of millions of rows reads in bounded memory. Blank lines and comments go
 * into the source text of the element after them ({@code # version} before a block thus belongs to that
 * block); those after the last element are the {@link StarEnd}'s trailer.
 *
 * <p>A cursor for one pass, from {@link StarReader#open}; not thread-safe. Whatever the bytes, {@link #next()}
 * returns an event or throws a {@link TextReadException}; nothing unchecked escapes.
 */
public final class StarStream implements AutoCloseable {

    private enum State {
        /** Before the first {@code data_}. */
        PREAMBLE,
        /** In a block, outside any loop. */
        BLOCK,
        /** After {@code loop_}, reading column labels. */
        LABELS,
        /** Reading a loop's rows. */
        ROWS
    }

    private final LineReader lines;
    private final Path file;
    private State state = State.PREAMBLE;
    private final StringBuilder pending = new StringBuilder();
    private Set<String> blockKeys = new HashSet<>();
    private List<String> labels;
    private StringBuilder labelSource;
    private int loopLine;
    private int width;
    private StarEvent queued;
    private boolean ended;

    StarStream(LineReader lines) {
        this.lines = lines;
        this.file = lines.file();
    }

    /** The next event; null after {@link StarEnd}. */
    public StarEvent next() throws TextReadException {
        if (queued != null) {
            StarEvent e = queued;
            queued = null;
            return e;
        }
        if (ended) {
            return null;
        }
        try {
            return read();
        } catch (RuntimeException e) {
            // A bug here must still reach the caller as a typed error naming the place, never as a crash.
            throw new TextReadException.Malformed(file, lines.number(), -1, "cannot read this line: " + e);
        }
    }

    private StarEvent read() throws TextReadException {
        while (lines.next()) {
            String text = lines.text();
            int end = lines.contentLength();
            int start = StarValues.skipSpace(text, 0, end);
            if (start == end) {
                pending.append(text);
                if (state == State.ROWS) {
                    state = State.BLOCK; // RELION ends a loop's rows at the first blank line
                }
                continue;
            }
            char c = text.charAt(start);
            if (c == '#') {
                pending.append(text);
                continue;
            }
            if (c == '_') {
                if (state == State.LABELS) {
                    label(text, start, end);
                    continue;
                }
                return emit(pair(text, start, end));
            }
            if (text.startsWith("data_", start)) {
                return emit(block(text, start, end));
            }
            if (isKeyword(text, start, end, "loop_")) {
                StarEvent before = state == State.LABELS ? loopHeader() : null;
                requireBlock("loop_", start);
                requireNothingAfter(text, start + 5, end, "loop_");
                state = State.LABELS;
                labels = new ArrayList<>();
                labelSource = new StringBuilder().append(pending).append(text);
                pending.setLength(0);
                loopLine = lines.number();
                if (before != null) {
                    return before;
                }
                continue;
            }
            if (c == ';') {
                throw unsupported(
                        start, "multi-line text fields (lines starting with ;) are not part of RELION's STAR");
            }
            if (text.startsWith("save_", start) || isKeyword(text, start, end, "global_")) {
                throw unsupported(start, "save_ and global_ frames are not part of RELION's STAR");
            }
            if (state == State.LABELS) {
                StarEvent header = loopHeader();
                queued = row(text, start, end);
                return header;
            }
            if (state == State.ROWS) {
                return row(text, start, end);
            }
            throw malformed(
                    start,
                    state == State.PREAMBLE
                            ? "a value before the first data_ block"
                            : "a value outside a loop (a loop's rows end at the first blank line)");
        }
        return end();
    }

    /** True when the value at {@code start} is exactly {@code keyword}. */
    private static boolean isKeyword(String text, int start, int end, String keyword) {
        int after = start + keyword.length();
        return text.startsWith(keyword, start) && (after == end || StarValues.isSpace(text.charAt(after)));
    }

    /** Returns {@code e}, after the header of a loop that ends without rows when one is pending. */
    private StarEvent emit(StarEvent e) throws TextReadException {
        if (state == State.LABELS) {
            StarEvent header = loopHeader();
            queued = e;
            stateAfter(e);
            return header;
        }
        stateAfter(e);
        return e;
    }

    private void stateAfter(StarEvent e) {
        state = State.BLOCK;
        if (e instanceof StarBlockHeader) {
            blockKeys = new HashSet<>();
        }
    }

    private StarEvent end() throws TextReadException {
        if (state == State.LABELS && labels.isEmpty()) {
            throw lines.terminated()
                    ? new TextReadException.Malformed(file, loopLine, -1, "loop_ without any column")
                    : new TextReadException.Incomplete(file, loopLine, -1, "the file ends after loop_");
        }
        ended = true;
        StarEnd end = new StarEnd(takePending(""));
        if (state == State.LABELS) {
            queued = end;
            return loopHeader();
        }
        return end;
    }

    private StarBlockHeader block(String text, int start, int end) throws TextReadException {
        int nameEnd = StarValues.tokenEnd(text, start, end);
        requireNothingAfter(text, nameEnd, end, "the block name");
        int version = version(pending);
        return new StarBlockHeader(text.substring(start + 5, nameEnd), version, takePending(text), lines.number());
    }

    private StarPair pair(String text, int start, int end) throws TextReadException {
        requireBlock("a key", start);
        int[] bounds = new int[6];
        int count = split(text, start, end, bounds);
        String key = text.substring(start + 1, bounds[1]);
        if (key.isEmpty()) {
            throw malformed(start, "'_' without a name");
        }
        if (count < 2) {
            throw lines.terminated()
                    ? malformed(bounds[1], "no value after _" + key)
                    : incomplete(bounds[1], "the file ends before the value of _" + key);
        }
        if (count > 2) {
            throw malformed(bounds[4], "more than one value after _" + key);
        }
        if (!blockKeys.add(key)) {
            throw malformed(start, "_" + key + " appears twice in this block");
        }
        String value = StarValues.value(text, bounds[2], bounds[3]);
        return new StarPair(key, value, takePending(text), lines.number());
    }

    private void label(String text, int start, int end) throws TextReadException {
        int[] bounds = new int[4];
        int count = split(text, start, end, bounds);
        String name = text.substring(start + 1, bounds[1]);
        if (name.isEmpty()) {
            throw malformed(start, "'_' without a name");
        }
        if (count > 1) {
            throw malformed(bounds[2], "text after the column name _" + name + " (a pair cannot stand in a loop)");
        }
        if (labels.contains(name)) {
            throw malformed(start, "column _" + name + " appears twice in this loop");
        }
        labels.add(name);
        labelSource.append(pending).append(text);
        pending.setLength(0);
    }

    private StarLoopHeader loopHeader() throws TextReadException {
        if (labels.isEmpty()) {
            throw new TextReadException.Malformed(file, loopLine, -1, "loop_ without any column");
        }
        StarLoopHeader header = new StarLoopHeader(labels, labelSource.toString(), loopLine);
        width = labels.size();
        labels = null;
        labelSource = null;
        state = State.ROWS;
        return header;
    }

    private StarRow row(String text, int start, int end) throws TextReadException {
        int[] bounds = new int[2 * width];
        int count = split(text, start, end, bounds);
        if (count > width) {
            int[] all = new int[2 * count];
            StarValues.split(text, start, end, all);
            throw malformed(all[2 * width], "more values than the loop's " + width + " columns");
        }
        if (count < width) {
            if (count == 1 && width == 2) {
                // RELION reads "fn_mtf <nothing>" in a two-column loop as an empty value, and writes such rows.
                bounds[2] = end;
                bounds[3] = end;
            } else if (!lines.terminated()) {
                throw incomplete(end, "the file ends in a row of " + count + " of " + width + " values");
            } else {
                throw malformed(end, "a row of " + count + " values in a loop of " + width + " columns");
            }
        }
        int offset = pending.length();
        if (offset > 0) {
            for (int i = 0; i < bounds.length; i++) {
                bounds[i] += offset;
            }
        }
        return new StarRow(takePending(text), bounds, lines.number());
    }

    /** {@link StarValues#split} with an unclosed quote reported. */
    private int split(String text, int start, int end, int[] bounds) throws TextReadException {
        int count = StarValues.split(text, start, end, bounds);
        if (count < 0) {
            int quote = -1 - count;
            throw lines.terminated()
                    ? malformed(
                            quote, "quoted value not closed (a closing quote is followed by a space or the line's end)")
                    : incomplete(quote, "the file ends inside a quoted value");
        }
        return count;
    }

    private void requireBlock(String what, int start) throws TextReadException {
        if (state == State.PREAMBLE) {
            throw malformed(start, what + " before the first data_ block");
        }
    }

    private void requireNothingAfter(String text, int from, int end, String what) throws TextReadException {
        int next = StarValues.skipSpace(text, from, end);
        if (next < end && text.charAt(next) != '#') {
            throw malformed(next, "text after " + what);
        }
    }

    /** The blank lines and comments waiting for an element, then {@code text}; clears the waiting text. */
    private String takePending(String text) {
        if (pending.isEmpty()) {
            return text;
        }
        String s = pending.append(text).toString();
        pending.setLength(0);
        return s;
    }

    /** The number of the last {@code # version <n>} comment in {@code trivia}, 0 when none. */
    static int version(CharSequence trivia) {
        String s = trivia.toString();
        int version = 0;
        int at = s.indexOf("# version ");
        while (at >= 0) {
            int i = at + "# version ".length();
            long n = 0;
            int digits = 0;
            while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9' && digits < 9) {
                n = n * 10 + (s.charAt(i) - '0');
                i++;
                digits++;
            }
            if (digits > 0) {
                version = (int) n;
            }
            at = s.indexOf("# version ", i);
        }
        return version;
    }

    private TextReadException malformed(int index, String problem) {
        return new TextReadException.Malformed(file, lines.number(), index + 1, problem);
    }

    private TextReadException incomplete(int index, String problem) {
        return new TextReadException.Incomplete(file, lines.number(), index + 1, problem);
    }

    private TextReadException unsupported(int index, String problem) {
        return new TextReadException.Unsupported(file, lines.number(), index + 1, problem);
    }

    @Override
    public void close() throws TextReadException {
        lines.close();
    }
}
