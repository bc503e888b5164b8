package io.sightline.core.epu.path;

import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.util.Optional;

/**
 * Tells which EPU file a path names, from the path alone (the file is never opened), so a watcher can
 * route thousands of events a second. Both separators are accepted, so Windows paths given as strings
 * ({@code Z:\visit\grid\EpuSession.dm}) classify the same as POSIX ones.
 *
 * <p>Hand-written scanning rather than regular expressions: no pattern state, no allocation beyond
 * the segment strings, and the rules read top to bottom like the table in {@code FORMAT.md}.
 * Stateless and thread-safe.
 */
public final class EpuPathClassifier {

    private static final int NO_ID = -1;

    /** Classifies a path; empty when it is not a file kind the readers know. */
    public Optional<EpuFile> classify(Path path) {
        return classify(path.toString());
    }

    /** Classifies a path given as text with {@code /} or {@code \} separators. */
    public Optional<EpuFile> classify(String path) {
        int end = path.length();
        int nameStart = lastSeparator(path, end) + 1;
        String name = path.substring(nameStart, end);
        String parent = segmentBefore(path, nameStart);
        int parentStart = nameStart - 1 - (parent == null ? 0 : parent.length());
        String grandParent = parent == null ? null : segmentBefore(path, parentStart);

        if (name.equals("EpuSession.dm")) {
            return Optional.of(new EpuFile.Session(path));
        }
        if (name.equals("Atlas.dm")) {
            return "Atlas".equals(parent) ? Optional.of(new EpuFile.AtlasSession(path)) : Optional.empty();
        }
        if (name.endsWith(".dm")) {
            if (!"Metadata".equals(parent) || !name.startsWith("GridSquare_")) {
                return Optional.empty();
            }
            long id = digits(name, "GridSquare_".length(), name.length() - ".dm".length());
            return id == NO_ID ? Optional.empty() : Optional.of(new EpuFile.GridSquareMetadataFile(path, id));
        }
        if (!name.endsWith(".xml") || parent == null || grandParent == null) {
            return Optional.empty();
        }
        String stem = name.substring(0, name.length() - ".xml".length());
        if (parent.equals("FoilHoles") || parent.equals("Data")) {
            long squareId = idAfterPrefix(grandParent, "GridSquare_");
            if (squareId == NO_ID || !stem.startsWith("FoilHole_")) {
                return Optional.empty();
            }
            String[] t = tokens(stem, "FoilHole_".length(), 7);
            if (parent.equals("FoilHoles")) {
                return foilHole(path, squareId, t);
            }
            return micrograph(path, squareId, t);
        }
        if (stem.startsWith("GridSquare_") && grandParent.startsWith("Images-Disc")) {
            long squareId = idAfterPrefix(parent, "GridSquare_");
            long disc = idAfterPrefix(grandParent, "Images-Disc");
            String[] t = tokens(stem, "GridSquare_".length(), 3);
            if (squareId == NO_ID || disc < 1 || disc > Integer.MAX_VALUE || t.length != 2) {
                return Optional.empty();
            }
            LocalDateTime time = fileTime(t[0], t[1]);
            return time == null
                    ? Optional.empty()
                    : Optional.of(new EpuFile.GridSquareManifestFile(path, (int) disc, squareId, time));
        }
        return Optional.empty();
    }

    private static Optional<EpuFile> foilHole(String path, long squareId, String[] t) {
        if (t.length != 3) {
            return Optional.empty();
        }
        long holeId = digits(t[0], 0, t[0].length());
        LocalDateTime time = fileTime(t[1], t[2]);
        return holeId == NO_ID || time == null
                ? Optional.empty()
                : Optional.of(new EpuFile.FoilHoleManifestFile(path, squareId, holeId, time));
    }

    private static Optional<EpuFile> micrograph(String path, long squareId, String[] t) {
        if (t.length != 6 || !t[1].equals("Data")) {
            return Optional.empty();
        }
        long holeId = digits(t[0], 0, t[0].length());
        long location = digits(t[2], 0, t[2].length());
        long index = digits(t[3], 0, t[3].length());
        LocalDateTime time = fileTime(t[4], t[5]);
        if (holeId == NO_ID || location == NO_ID || index == NO_ID || time == null) {
            return Optional.empty();
        }
        return Optional.of(new EpuFile.MicrographManifestFile(path, squareId, holeId, location, index, time));
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

    private static long idAfterPrefix(String segment, String prefix) {
        return segment.startsWith(prefix) ? digits(segment, prefix.length(), segment.length()) : NO_ID;
    }

    /** Parses {@code s[from, to)} as a non-negative decimal of at most 18 digits; NO_ID otherwise. */
    private static long digits(String s, int from, int to) {
        if (to <= from || to - from > 18) {
            return NO_ID;
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return NO_ID;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** Splits {@code s} from {@code from} on '_'; returns at most {@code max} tokens (more means no match). */
    private static String[] tokens(String s, int from, int max) {
        String[] out = new String[max];
        int n = 0;
        int start = from;
        while (n < max) {
            int us = s.indexOf('_', start);
            out[n++] = s.substring(start, us < 0 ? s.length() : us);
            if (us < 0) {
                return java.util.Arrays.copyOf(out, n);
            }
            start = us + 1;
        }
        return out; // max tokens and still more text: callers reject by length
    }

    /** {@code yyyymmdd} + {@code hhmmss} to a local date-time; null when not a real date. */
    private static LocalDateTime fileTime(String date, String time) {
        if (date.length() != 8 || time.length() != 6) {
            return null;
        }
        long d = digits(date, 0, 8);
        long t = digits(time, 0, 6);
        if (d == NO_ID || t == NO_ID) {
            return null;
        }
        try {
            return LocalDateTime.of(
                    (int) (d / 10000),
                    (int) (d / 100 % 100),
                    (int) (d % 100),
                    (int) (t / 10000),
                    (int) (t / 100 % 100),
                    (int) (t % 100));
        } catch (DateTimeException notADate) {
            return null;
        }
    }
}
