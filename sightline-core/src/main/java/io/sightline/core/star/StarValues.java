package io.sightline.core.star;

import java.io.IOException;
import java.util.Locale;

/**
 * The lexical rules of RELION's STAR values in one place: splitting a line into values, unquoting, and
 * quoting on the way out so that RELION (and this reader) read the value back unchanged.
 */
final class StarValues {

    /** RELION's escape: a quote right after BEL does not close a quoted value, and BEL is dropped. */
    static final char BEL = '\u0007';

    private StarValues() {}

    static boolean isSpace(char c) {
        return c == ' ' || c == '\t';
    }

    /** Index of the first character at or after {@code from} that is not a space or tab, or {@code to}. */
    static int skipSpace(String s, int from, int to) {
        int i = from;
        while (i < to && isSpace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** Index of the first space or tab at or after {@code from}, or {@code to}. */
    static int tokenEnd(String s, int from, int to) {
        int i = from;
        while (i < to && !isSpace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /**
     * Splits {@code s[from, to)} into values as RELION does and stores each value's bounds (quotes included)
     * in {@code bounds} as start, end pairs, as many as fit. Stops at a {@code #} where a value would start.
     *
     * @return how many values the text holds (possibly more than {@code bounds} holds), or
     *     {@code -1 - i} when a quoted value starting at index {@code i} is not closed
     */
    static int split(String s, int from, int to, int[] bounds) {
        int count = 0;
        int i = skipSpace(s, from, to);
        while (i < to) {
            char c = s.charAt(i);
            if (c == '#') {
                break;
            }
            int end;
            if (c == '"' || c == '\'') {
                end = closingQuote(s, i, to);
                if (end < 0) {
                    return -1 - i;
                }
            } else {
                end = tokenEnd(s, i + 1, to);
            }
            if (2 * count + 1 < bounds.length) {
                bounds[2 * count] = i;
                bounds[2 * count + 1] = end;
            }
            count++;
            i = skipSpace(s, end, to);
        }
        return count;
    }

    /** The end (exclusive, after the closing quote) of the quoted value opening at {@code open}, or -1. */
    private static int closingQuote(String s, int open, int to) {
        char quote = s.charAt(open);
        for (int i = open + 1; i < to; i++) {
            if (s.charAt(i) == quote && s.charAt(i - 1) != BEL && (i + 1 == to || isSpace(s.charAt(i + 1)))) {
                return i + 1;
            }
        }
        return -1;
    }

    /** The value of the token {@code s[start, end)}: quotes removed and BEL escapes dropped. */
    static String value(String s, int start, int end) {
        if (start == end) {
            return "";
        }
        char c = s.charAt(start);
        if (c != '"' && c != '\'') {
            return s.substring(start, end);
        }
        String inner = s.substring(start + 1, end - 1);
        return inner.indexOf(BEL) < 0 ? inner : inner.replace(String.valueOf(BEL), "");
    }

    /** Writes {@code value} as one STAR value: bare when it reads back unchanged, else quoted and escaped. */
    static void write(Appendable out, String value) throws IOException {
        if (!needsQuotes(value)) {
            out.append(value);
            return;
        }
        out.append('"');
        int n = value.length();
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c == '"' && (i + 1 == n || isSpace(value.charAt(i + 1)))) {
                out.append(BEL);
            }
            out.append(c);
        }
        out.append('"');
    }

    /** One value as the writer writes it. */
    static String encode(String value) {
        var out = new java.io.StringWriter(value.length() + 2);
        try {
            write(out, value);
        } catch (IOException e) {
            throw new AssertionError("a StringWriter does not fail", e);
        }
        return out.toString();
    }

    private static boolean needsQuotes(String value) {
        int n = value.length();
        if (n == 0) {
            return true;
        }
        char first = value.charAt(0);
        if (first == '"' || first == '\'' || first == '#' || first == '_' || first == ';') {
            return true;
        }
        for (int i = 0; i < n; i++) {
            if (isSpace(value.charAt(i))) {
                return true;
            }
        }
        return isKeyword(value);
    }

    /** Values that would be read as a keyword if written bare at the start of a line. */
    private static boolean isKeyword(String value) {
        if (value.length() < 5) {
            return false;
        }
        return switch (Character.toLowerCase(value.charAt(0))) {
            case 'd' -> value.regionMatches(true, 0, "data_", 0, 5);
            case 'l' -> value.regionMatches(true, 0, "loop_", 0, 5);
            case 's' -> value.regionMatches(true, 0, "save_", 0, 5) || value.regionMatches(true, 0, "stop_", 0, 5);
            case 'g' -> value.regionMatches(true, 0, "global_", 0, 7);
            default -> false;
        };
    }

    /** Refuses a value that no STAR line can hold (line breaks, control characters but tab). */
    static void requireWritable(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 && c != '\t' || c == 0x7f) {
                throw new IllegalArgumentException("a STAR value cannot hold the control character U+"
                        + String.format(Locale.ROOT, "%04X", (int) c) + ": " + value);
            }
        }
    }

    /** Refuses a key, column or block name that would not read back as the same name. */
    static void requireName(String name, String what, boolean mayBeEmpty) {
        if (name.isEmpty() && !mayBeEmpty) {
            throw new IllegalArgumentException("a " + what + " must not be empty");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= ' ' || c == 0x7f) {
                throw new IllegalArgumentException(
                        "a " + what + " cannot hold whitespace or control characters: '" + name + "'");
            }
        }
    }
}
