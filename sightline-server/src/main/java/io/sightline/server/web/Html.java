package io.sightline.server.web;

/**
 * A small HTML writer whose only way to add text is escaped: pages are built from the stores' values
 * (names and paths an instrument wrote), so nothing reaches the markup unescaped. Markup itself is
 * written with {@link #raw}, from literals in this package only.
 */
final class Html {
    private final StringBuilder out = new StringBuilder(16_384);

    /** Appends markup written in this package (never a value from a request or the database). */
    Html raw(String markup) {
        out.append(markup);
        return this;
    }

    /** Appends text, escaped for element content and quoted attribute values alike. */
    Html text(Object value) {
        out.append(escape(value));
        return this;
    }

    /** Appends {@code name="value"} with a leading space, the value escaped; nothing when value is null. */
    Html attr(String name, Object value) {
        if (value != null) {
            out.append(' ').append(name).append("=\"").append(escape(value)).append('"');
        }
        return this;
    }

    static String escape(Object value) {
        if (value == null) {
            return "";
        }
        String s = value.toString();
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
