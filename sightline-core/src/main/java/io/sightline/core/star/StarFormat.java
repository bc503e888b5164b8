package io.sightline.core.star;

import java.io.IOException;
import java.io.StringWriter;
import java.util.List;

/**
 * How elements made or changed in code are laid out, the way RELION lays them out: one place for the writer
 * and for edits that keep an element's leading blank lines and comments.
 */
final class StarFormat {

    private static final int KEY_WIDTH = 36;

    private StarFormat() {}

    static String blockHeader(String name, int version) {
        return version > 0 ? "\n# version " + version + "\n\ndata_" + name + "\n\n" : "\ndata_" + name + "\n\n";
    }

    static String pair(String key, String value, String terminator) {
        StringBuilder s = new StringBuilder().append('_').append(key);
        do {
            s.append(' ');
        } while (s.length() <= KEY_WIDTH);
        return s.append(StarValues.encode(value)).append(terminator).toString();
    }

    static String loopHeader(List<String> columns) {
        StringBuilder s = new StringBuilder("loop_\n");
        int n = 1;
        for (String column : columns) {
            s.append('_').append(column).append(" #").append(n++).append('\n');
        }
        return s.toString();
    }

    static String row(List<String> values, String terminator) {
        StringWriter s = new StringWriter();
        try {
            row(s, values);
        } catch (IOException e) {
            throw new AssertionError("a StringWriter does not fail", e);
        }
        return s.append(terminator).toString();
    }

    /**
     * Writes the values of a row, separated by one space and quoted where they must be, without line break.
     * The values are writable: {@link StarRow#of} checked them.
     */
    static void row(Appendable out, List<String> values) throws IOException {
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.append(' ');
            }
            StarValues.write(out, values.get(i));
        }
    }

    /** The blank lines and comments before the last line of an element's source. */
    static String leading(String source) {
        int end = source.endsWith("\n") ? source.length() - 1 : source.length();
        return source.substring(0, source.lastIndexOf('\n', end - 1) + 1);
    }

    /** The line break that ends an element's source: {@code \n}, {@code \r\n}, or none at the end of a file. */
    static String terminator(String source) {
        if (source.endsWith("\r\n")) {
            return "\r\n";
        }
        return source.endsWith("\n") ? "\n" : "";
    }
}
