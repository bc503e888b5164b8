package io.sightline.core.epu.path;

import java.time.DateTimeException;
import java.time.LocalDateTime;

/**
 * The path rules of the standard EPU file kinds, as in the table of {@code FORMAT.md}. Hand-written
 * scanning rather than regular expressions: no pattern state, no allocation beyond the segment strings.
 * Stateless and thread-safe.
 */
public final class EpuPathRules {

    private static final int NO_ID = -1;

    private EpuPathRules() {}

    /** {@code <grid>/EpuSession.dm}. */
    public static final PathRule<EpuFile.Session> SESSION =
            p -> p.name().equals("EpuSession.dm") ? new EpuFile.Session(p.text()) : null;

    /** {@code .../Atlas/Atlas.dm}. */
    public static final PathRule<EpuFile.AtlasSession> ATLAS =
            p -> p.name().equals("Atlas.dm") && "Atlas".equals(p.parent()) ? new EpuFile.AtlasSession(p.text()) : null;

    /** {@code <grid>/Metadata/GridSquare_<squareId>.dm}. */
    public static final PathRule<EpuFile.GridSquareMetadataFile> GRID_SQUARE_METADATA = p -> {
        String name = p.name();
        if (!name.endsWith(".dm") || !"Metadata".equals(p.parent()) || !name.startsWith("GridSquare_")) {
            return null;
        }
        long id = digits(name, "GridSquare_".length(), name.length() - ".dm".length());
        return id == NO_ID ? null : new EpuFile.GridSquareMetadataFile(p.text(), id);
    };

    /** {@code <grid>/Images-Disc<disc>/GridSquare_<squareId>/GridSquare_<date>_<time>.xml}. */
    public static final PathRule<EpuFile.GridSquareManifestFile> GRID_SQUARE_MANIFEST = p -> {
        if (p.grandParent() == null || !p.grandParent().startsWith("Images-Disc")) {
            return null;
        }
        String stem = xmlStem(p);
        if (stem == null || !stem.startsWith("GridSquare_")) {
            return null;
        }
        long squareId = idAfterPrefix(p.parent(), "GridSquare_");
        long disc = idAfterPrefix(p.grandParent(), "Images-Disc");
        String[] t = tokens(stem, "GridSquare_".length(), 3);
        if (squareId == NO_ID || disc < 1 || disc > Integer.MAX_VALUE || t.length != 2) {
            return null;
        }
        LocalDateTime time = fileTime(t[0], t[1]);
        return time == null ? null : new EpuFile.GridSquareManifestFile(p.text(), (int) disc, squareId, time);
    };

    /** {@code .../GridSquare_<squareId>/FoilHoles/FoilHole_<holeId>_<date>_<time>.xml}. */
    public static final PathRule<EpuFile.FoilHoleManifestFile> FOIL_HOLE_MANIFEST = p -> {
        String[] t = holeTokens(p, "FoilHoles");
        if (t == null || t.length != 3) {
            return null;
        }
        long holeId = digits(t[0], 0, t[0].length());
        LocalDateTime time = fileTime(t[1], t[2]);
        return holeId == NO_ID || time == null
                ? null
                : new EpuFile.FoilHoleManifestFile(
                        p.text(), idAfterPrefix(p.grandParent(), "GridSquare_"), holeId, time);
    };

    /** {@code .../GridSquare_<squareId>/Data/FoilHole_<holeId>_Data_<locationId>_<index>_<date>_<time>.xml}. */
    public static final PathRule<EpuFile.MicrographManifestFile> MICROGRAPH_MANIFEST = p -> {
        String[] t = holeTokens(p, "Data");
        if (t == null || t.length != 6 || !t[1].equals("Data")) {
            return null;
        }
        long holeId = digits(t[0], 0, t[0].length());
        long location = digits(t[2], 0, t[2].length());
        long index = digits(t[3], 0, t[3].length());
        LocalDateTime time = fileTime(t[4], t[5]);
        if (holeId == NO_ID || location == NO_ID || index == NO_ID || time == null) {
            return null;
        }
        return new EpuFile.MicrographManifestFile(
                p.text(), idAfterPrefix(p.grandParent(), "GridSquare_"), holeId, location, index, time);
    };

    /** The name without {@code .xml} when the path is an XML file two folders deep; null otherwise. */
    private static String xmlStem(EpuPath p) {
        String name = p.name();
        if (!name.endsWith(".xml") || p.parent() == null || p.grandParent() == null) {
            return null;
        }
        return name.substring(0, name.length() - ".xml".length());
    }

    /** Tokens after {@code FoilHole_} of a hole file in {@code GridSquare_<id>/<folder>/}; null otherwise. */
    private static String[] holeTokens(EpuPath p, String folder) {
        if (!folder.equals(p.parent())) {
            return null; // the cheap test first: every path of the watcher passes through here
        }
        String stem = xmlStem(p);
        if (stem == null || !stem.startsWith("FoilHole_") || idAfterPrefix(p.grandParent(), "GridSquare_") == NO_ID) {
            return null;
        }
        return tokens(stem, "FoilHole_".length(), 7);
    }

    private static long idAfterPrefix(String segment, String prefix) {
        return segment.startsWith(prefix) ? digits(segment, prefix.length(), segment.length()) : NO_ID;
    }

    /** Parses {@code s[from, to)} as a non-negative decimal of at most 18 digits; NO_ID otherwise. */
    static long digits(String s, int from, int to) {
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
