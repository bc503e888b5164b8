package io.sightline.server.data;

import java.util.Objects;

/**
 * One rewrite of a client's path prefix to a server path prefix, such as {@code Z:\=/mnt/z}: the instrument
 * PC writes {@code Z:\DoseFractions\a.tiff}, the server reads {@code /mnt/z/DoseFractions/a.tiff}. Windows
 * prefixes match without regard to case or slash direction, as Windows itself does.
 *
 * @param from the client's prefix, backslashes turned into slashes
 * @param to   the server's prefix
 */
public record PathMap(String from, String to) {

    public PathMap {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        from = from.replace('\\', '/');
        if (from.isEmpty() || to.isEmpty()) {
            throw new IllegalArgumentException("a path map needs both sides, as in 'Z:\\=/mnt/z'");
        }
    }

    /** Parses {@code FROM=TO}; the first '=' splits (Windows paths have none). */
    public static PathMap parse(String text) {
        int eq = text.indexOf('=');
        if (eq <= 0 || eq == text.length() - 1) {
            throw new IllegalArgumentException("a path map is FROM=TO, as in 'Z:\\=/mnt/z'; got '" + text + "'");
        }
        return new PathMap(text.substring(0, eq).strip(), text.substring(eq + 1).strip());
    }

    /** {@code path} (slashes already forward) with this prefix replaced, or null when it does not start with it. */
    String apply(String path) {
        if (!path.regionMatches(true, 0, from, 0, from.length())) {
            return null;
        }
        String rest = path.substring(from.length());
        String prefix = to.replace('\\', '/');
        if (!prefix.endsWith("/") && !rest.isEmpty() && !rest.startsWith("/")) {
            // "Z:" mapped to "/mnt/z" must not turn "Z:foo" into "/mnt/zfoo"
            if (!from.endsWith("/") && !from.endsWith(":")) {
                return null;
            }
            prefix = prefix + "/";
        }
        return prefix + rest;
    }

    @Override
    public String toString() {
        return from + "=" + to;
    }
}
