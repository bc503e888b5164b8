package io.sightline.core.star;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One row of a loop. A row read from a file is its source line and where each value lies in it: values
 * become strings only when asked for, and {@link #number(int)} parses straight from the line, which keeps
 * reading millions of rows cheap. A row made in code holds its values and is formatted by the writer.
 *
 * <p>Immutable; equal rows have the same values, source text and line.
 */
public final class StarRow implements StarEvent {

    private final String source;
    private final int[] bounds;
    private final String[] values;
    private final int line;

    /** A row read from a file: {@code bounds} holds start, end pairs into {@code source}, quotes included. */
    StarRow(String source, int[] bounds, int line) {
        this.source = source;
        this.bounds = bounds;
        this.values = null;
        this.line = line;
    }

    private StarRow(String[] values) {
        this.source = null;
        this.bounds = null;
        this.values = values;
        this.line = 0;
    }

    /** A row made in code, formatted by the writer. */
    public static StarRow of(String... values) {
        String[] copy = values.clone();
        for (String v : copy) {
            StarValues.requireWritable(Objects.requireNonNull(v, "value"));
        }
        return new StarRow(copy);
    }

    /** A row made in code, formatted by the writer. */
    public static StarRow of(List<String> values) {
        return of(values.toArray(String[]::new));
    }

    /** How many values the row holds. */
    public int size() {
        return values != null ? values.length : bounds.length / 2;
    }

    /** The value at {@code index}, unquoted. */
    public String value(int index) {
        if (values != null) {
            return values[index];
        }
        Objects.checkIndex(index, size());
        return StarValues.value(source, bounds[2 * index], bounds[2 * index + 1]);
    }

    /**
     * The value at {@code index} as a number.
     *
     * @throws NumberFormatException when it is not one
     */
    public double number(int index) {
        if (values == null) {
            Objects.checkIndex(index, size());
            int start = bounds[2 * index];
            int end = bounds[2 * index + 1];
            if (start < end && source.charAt(start) != '"' && source.charAt(start) != '\'') {
                return StarNumbers.parseDouble(source, start, end);
            }
        }
        return Double.parseDouble(value(index));
    }

    /**
     * The value at {@code index} as a whole number.
     *
     * @throws NumberFormatException when it is not one
     */
    public long integer(int index) {
        return Long.parseLong(value(index));
    }

    /** All values, unquoted, in column order. */
    public List<String> values() {
        return new AbstractList<>() {
            @Override
            public String get(int index) {
                return value(index);
            }

            @Override
            public int size() {
                return StarRow.this.size();
            }
        };
    }

    /**
     * The same row with one value replaced: its line is formatted afresh, the blank lines and comments before
     * it stay.
     */
    public StarRow with(int index, String value) {
        String[] copy = values().toArray(String[]::new);
        copy[index] = value;
        StarRow fresh = of(copy);
        if (source == null) {
            return fresh;
        }
        String leading = StarFormat.leading(source);
        String terminator = StarFormat.terminator(source);
        String line = StarFormat.row(fresh.values(), "");
        String text = leading + line + (terminator.isEmpty() ? "\n" : terminator);
        int[] newBounds = new int[2 * copy.length];
        StarValues.split(text, leading.length(), leading.length() + line.length(), newBounds);
        return new StarRow(text, newBounds, 0);
    }

    /** The same row without its source text. */
    public StarRow reformatted() {
        return values != null ? this : of(values().toArray(String[]::new));
    }

    /**
     * The exact text of the row's line with its line break and the blank lines and comments before it (the
     * line formatted afresh after an edit); null for a row made in code.
     */
    public String source() {
        return source;
    }

    /** 1-based line in the file read, 0 for a row made or changed in code. */
    public int line() {
        return line;
    }

    /** 1-based column of the value at {@code index} in its line, 0 for a row made in code. */
    public int column(int index) {
        if (values != null) {
            return 0;
        }
        int start = bounds[2 * index];
        return start - source.lastIndexOf('\n', start - 1);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StarRow r
                && line == r.line
                && Objects.equals(source, r.source)
                && values().equals(r.values());
    }

    @Override
    public int hashCode() {
        return values().hashCode();
    }

    @Override
    public String toString() {
        return "StarRow" + (line > 0 ? "@" + line : "") + Arrays.toString(values().toArray());
    }
}
