package io.sightline.server.pipeline.results;

/**
 * A CTF job's estimate for one micrograph, as stored in {@code micrograph_ctf}; any value may be null (the STAR
 * did not have it, or wrote {@code None}).
 *
 * @param defocusU Å
 * @param defocusV Å
 * @param astigmatism Å
 * @param defocusAngle degrees
 * @param maxResolution Å
 * @param figureOfMerit as the estimator gives it
 */
public record CtfDetails(
        Double defocusU,
        Double defocusV,
        Double astigmatism,
        Double defocusAngle,
        Double maxResolution,
        Double figureOfMerit) {}
