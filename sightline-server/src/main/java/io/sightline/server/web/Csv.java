package io.sightline.server.web;

import java.util.List;

/**
 * CSV as spreadsheets read it (RFC 4180): fields with a comma, quote or line break are quoted. Text
 * that came from the instrument and starts with {@code = + - @} is prefixed with a quote mark, so a
 * spreadsheet never runs it as a formula; numbers are written as numbers.
 */
final class Csv {
    private final StringBuilder out = new StringBuilder(64 * 1024);

    Csv row(List<?> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(field(fields.get(i)));
        }
        out.append("\r\n");
        return this;
    }

    static String field(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Number) {
            return value.toString();
        }
        String s = value.toString();
        if (!s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0) {
            s = "'" + s;
        }
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
