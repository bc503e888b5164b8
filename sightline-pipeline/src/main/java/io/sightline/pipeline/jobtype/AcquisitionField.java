package io.sightline.pipeline.jobtype;

/**
 * The facts about an acquisition that several job types take as parameters. They come from what the agent
 * and the mdoc reader already know ({@link Acquisition}), so a user sets them once, or not at all.
 */
public enum AcquisitionField {
    /** Å per pixel of the movies. */
    PIXEL_SIZE,
    /** kV. */
    VOLTAGE,
    /** Spherical aberration, mm. */
    SPHERICAL_ABERRATION,
    /** Fraction, 0..1. */
    AMPLITUDE_CONTRAST,
    /** Electrons per Å² per movie (SPA) or per tilt (tomography). */
    DOSE,
    /** Degrees. */
    TILT_AXIS
}
