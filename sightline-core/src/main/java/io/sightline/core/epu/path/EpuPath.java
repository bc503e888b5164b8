package io.sightline.core.epu.path;

/**
 * A path as text, cut once into the three segments every EPU path rule looks at: the file name, its
 * folder and that folder's folder. Both separators are accepted, so Windows paths given as strings
 * ({@code Z:\visit\grid\EpuSession.dm}) match the same as POSIX ones.
 *
 * @param text        the path exactly as given
 * @param name        the last segment
 * @param parent      the segment before it, or null at the root
 * @param grandParent the segment before that, or null
 */
public record EpuPath(String text, String name, String parent, String grandParent) {

    /** Cuts {@code path}; no allocation beyond the three segment strings. */
    public static EpuPath of(String path) {
        int end = path.length();
        int nameStart = lastSeparator(path, end) + 1;
        String name = path.substring(nameStart, end);
        String parent = segmentBefore(path, nameStart);
        int parentStart = nameStart - 1 - (parent == null ? 0 : parent.length());
        String grandParent = parent == null ? null : segmentBefore(path, parentStart);
        return new EpuPath(path, name, parent, grandParent);
    }

    private static int lastSeparator(String s, int before) {
        for (int i = before - 1; i >= 0; i--) {
            char c = s.charAt(i);
            if (c == '/' || c == '\\') {
                return i;
            }
        }
        return -1;
    }

    /** The segment ending just before the separator at {@code nameStart - 1}, or null at the root. */
    private static String segmentBefore(String s, int nameStart) {
        int sep = nameStart - 1;
        if (sep < 0) {
            return null;
        }
        int start = lastSeparator(s, sep) + 1;
        return start == sep ? null : s.substring(start, sep);
    }
}
