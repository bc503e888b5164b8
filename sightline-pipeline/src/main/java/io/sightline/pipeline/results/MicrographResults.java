package io.sightline.pipeline.results;

import io.sightline.core.star.StarEvent;
import io.sightline.core.star.StarLoopHeader;
import io.sightline.core.star.StarReader;
import io.sightline.core.star.StarRow;
import io.sightline.core.star.StarStream;
import io.sightline.core.text.TextReadException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the per-micrograph results of motion-correction and CTF jobs (RELION's {@code corrected_micrographs.star}
 * and {@code micrographs_ctf.star}, CryoBoost's {@code fs_motion_and_ctf.star}) from the loop that has
 * {@code rlnMicrographName}; the optics block and other loops are skipped. Streamed, so a file of many thousand
 * micrographs costs one row of memory at a time (plus the results).
 */
public final class MicrographResults {
    private MicrographResults() {}

    public static List<MicrographResult> read(Path star) throws TextReadException {
        List<MicrographResult> out = new ArrayList<>();
        try (StarStream s = new StarReader().open(star)) {
            Columns c = null;
            for (StarEvent e = s.next(); e != null; e = s.next()) {
                if (e instanceof StarLoopHeader h) {
                    c = h.column("rlnMicrographName") >= 0 ? new Columns(h) : null;
                } else if (e instanceof StarRow row && c != null) {
                    String name = row.value(c.name);
                    out.add(new MicrographResult(
                            stem(name),
                            name,
                            number(row, c.defocusU),
                            number(row, c.defocusV),
                            number(row, c.astigmatism),
                            number(row, c.angle),
                            number(row, c.maxResolution),
                            number(row, c.figureOfMerit),
                            number(row, c.totalMotion),
                            text(row, c.ctfImage)));
                } else if (!(e instanceof StarRow)) {
                    c = null; // a new block or a pair: the micrographs' loop has ended
                }
            }
        }
        return out;
    }

    /** The file name without folders and extension, Windows or POSIX separators alike. */
    static String stem(String name) {
        String file = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        int dot = file.lastIndexOf('.');
        return dot > 0 ? file.substring(0, dot) : file;
    }

    private static String text(StarRow row, int column) {
        if (column < 0 || column >= row.size()) {
            return null;
        }
        String v = row.value(column);
        return v.isBlank() || v.equals("None") ? null : v;
    }

    private static Double number(StarRow row, int column) {
        if (column < 0 || column >= row.size()) {
            return null;
        }
        try {
            double v = Double.parseDouble(row.value(column));
            return Double.isFinite(v) ? v : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private record Columns(
            int name,
            int defocusU,
            int defocusV,
            int astigmatism,
            int angle,
            int maxResolution,
            int figureOfMerit,
            int totalMotion,
            int ctfImage) {
        Columns(StarLoopHeader h) {
            this(
                    h.column("rlnMicrographName"),
                    h.column("rlnDefocusU"),
                    h.column("rlnDefocusV"),
                    h.column("rlnCtfAstigmatism"),
                    h.column("rlnDefocusAngle"),
                    h.column("rlnCtfMaxResolution"),
                    h.column("rlnCtfFigureOfMerit"),
                    h.column("rlnAccumMotionTotal"),
                    h.column("rlnCtfImage"));
        }
    }
}
