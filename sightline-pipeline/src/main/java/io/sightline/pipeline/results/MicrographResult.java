package io.sightline.pipeline.results;

import java.util.Objects;

/**
 * What motion correction and CTF estimation say about one micrograph, from a job's output STAR. A value the
 * file does not have, or writes as {@code None} (CryoBoost's placeholders), is null.
 *
 * @param micrograph the file name's stem ({@code FoilHole_1_Data_2_3_20240101_120000}), to match the micrograph
 * @param name {@code rlnMicrographName} as written
 * @param defocusU Å
 * @param defocusV Å
 * @param astigmatism Å ({@code rlnCtfAstigmatism})
 * @param defocusAngle degrees
 * @param ctfMaxResolution Å
 * @param figureOfMerit {@code rlnCtfFigureOfMerit}
 * @param totalMotion Å ({@code rlnAccumMotionTotal})
 * @param ctfImage {@code rlnCtfImage} as written (the power spectrum, {@code job003/Movies/a.ctf:mrc}), or null
 */
public record MicrographResult(
        String micrograph,
        String name,
        Double defocusU,
        Double defocusV,
        Double astigmatism,
        Double defocusAngle,
        Double ctfMaxResolution,
        Double figureOfMerit,
        Double totalMotion,
        String ctfImage) {
    public MicrographResult {
        Objects.requireNonNull(micrograph, "micrograph");
        Objects.requireNonNull(name, "name");
    }
}
