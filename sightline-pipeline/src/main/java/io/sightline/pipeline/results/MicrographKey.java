package io.sightline.pipeline.results;

import java.util.Locale;

/**
 * The name by which a processing output is matched to the micrograph it came from, whatever form the path takes:
 * EPU's manifest ({@code Z:\Images-Disc1\GridSquare_7\Data\FoilHole_1_Data_2_3_20240101_120000.xml}), the movie
 * ({@code FoilHole_1_Data_2_3_20240101_120000_fractions.tiff}), RELION's motion-corrected micrograph
 * ({@code MotionCorr/job002/Movies/FoilHole_1_Data_2_3_20240101_120000_fractions.mrc}) or power spectrum
 * ({@code ....ctf:mrc}) all give {@code foilhole_1_data_2_3_20240101_120000}. Folders of either separator, the
 * extension, RELION's {@code :mrc} type suffix and EPU's movie suffixes ({@code _fractions}, {@code _EER}) are
 * dropped, and case is folded because the Windows file systems EPU writes to do not distinguish it.
 */
public final class MicrographKey {
    private static final String[] MOVIE_SUFFIXES = {"_fractions", "_eer"};

    private MicrographKey() {}

    /** The key of {@code path}; empty for an empty name. */
    public static String of(String path) {
        String stem = MicrographResults.stem(path.strip()).toLowerCase(Locale.ROOT);
        for (String suffix : MOVIE_SUFFIXES) {
            if (stem.endsWith(suffix) && stem.length() > suffix.length()) {
                return stem.substring(0, stem.length() - suffix.length());
            }
        }
        return stem;
    }
}
