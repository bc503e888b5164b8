package io.sightline.server.data;

/** Reading {@code If-None-Match} (RFC 9110 §13.1.2): whether a client's list of entity tags names ours. */
final class EntityTags {
    private EntityTags() {}

    /**
     * Whether {@code ifNoneMatch} (the header's value, or null) is {@code *} or lists {@code etag}. The
     * comparison is the weak one the header calls for: a {@code W/} prefix is ignored.
     */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.strip();
            if (t.equals("*")) {
                return true;
            }
            if (t.startsWith("W/")) {
                t = t.substring(2);
            }
            if (t.equals(etag)) {
                return true;
            }
        }
        return false;
    }
}
