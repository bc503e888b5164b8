package io.sightline.server.data;

/**
 * What an HTTP {@code Range} header asks of a file of a given size (RFC 9110, section 14): the whole file,
 * one range of it, or nothing it has. Only single byte ranges are served; a header this does not
 * understand, or one asking for several ranges, is ignored as the RFC allows, and the whole file is sent.
 */
sealed interface ByteRange {

    /** No range, or one to ignore: 200 with every byte. */
    record Whole() implements ByteRange {}

    /** Bytes {@code first} to {@code last} inclusive: 206. */
    record Part(long first, long last) implements ByteRange {
        long length() {
            return last - first + 1;
        }
    }

    /** Starts at or past the end of the file: 416. */
    record Unsatisfiable() implements ByteRange {}

    static ByteRange of(String header, long size) {
        if (header == null) {
            return new Whole();
        }
        String h = header.strip();
        if (!h.regionMatches(true, 0, "bytes=", 0, 6) || h.indexOf(',') >= 0) {
            return new Whole();
        }
        String spec = h.substring(6).strip();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return new Whole();
        }
        String from = spec.substring(0, dash).strip();
        String to = spec.substring(dash + 1).strip();
        Long first = digits(from);
        Long last = digits(to);
        if (from.isEmpty()) {
            // a suffix: the last N bytes
            if (last == null) {
                return new Whole();
            }
            if (last == 0 || size == 0) {
                return new Unsatisfiable();
            }
            return new Part(Math.max(0, size - last), size - 1);
        }
        if (first == null || (!to.isEmpty() && (last == null || last < first))) {
            return new Whole();
        }
        if (first >= size) {
            return new Unsatisfiable();
        }
        long end = last == null ? size - 1 : Math.min(last, size - 1);
        return new Part(first, end);
    }

    /** A non-negative number of at most 18 digits, or null. */
    private static Long digits(String s) {
        if (s.isEmpty() || s.length() > 18) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return null;
            }
        }
        return Long.parseLong(s);
    }
}
