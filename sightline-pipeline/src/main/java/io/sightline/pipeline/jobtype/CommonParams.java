package io.sightline.pipeline.jobtype;

/**
 * The parameters several job types share, declared once so that their names, bounds and acquisition facts
 * agree everywhere (bounds as CryoBoost's MicroscopeParams and AcquisitionParams, contracts/cryoboost.md A4).
 */
final class CommonParams {
    static final Param PIXEL_SIZE =
            new Param.Real("angpix", "pixel size of the movies, Å", null, 0.1, 20, AcquisitionField.PIXEL_SIZE);
    static final Param VOLTAGE =
            new Param.Real("kV", "acceleration voltage, kV", 300.0, 60, 400, AcquisitionField.VOLTAGE);
    static final Param CS =
            new Param.Real("Cs", "spherical aberration, mm", 2.7, 0, 10, AcquisitionField.SPHERICAL_ABERRATION);
    static final Param AMPLITUDE_CONTRAST =
            new Param.Real("Q0", "amplitude contrast", 0.1, 0, 1, AcquisitionField.AMPLITUDE_CONTRAST);
    static final Param DOSE_PER_FRAME =
            new Param.Real("dose_per_frame", "electrons per Å² per frame", 1.0, 0.01, 20, null);
    static final Param DOSE_PER_TILT =
            new Param.Real("dose_per_tilt", "electrons per Å² per tilt", 3.0, 0.1, 9, AcquisitionField.DOSE);
    static final Param TILT_AXIS =
            new Param.Real("tilt_axis", "tilt axis angle, degrees", -95.0, -180, 180, AcquisitionField.TILT_AXIS);
    static final Param PER_DEVICE = new Param.Int("perdevice", "processes per GPU", 1L, 0, 8);
    static final Param RESCALE_ANGPIX =
            new Param.Real("rescale_angpixs", "pixel size of the tomograms, Å", 12.0, 2, 50, null);

    /** A per-item job type's share of micrographs per array task; 0 runs the job as one job for all. */
    static final Param ITEMS_PER_TASK =
            new Param.Int("items_per_task", "micrographs per array task (0: one job for all)", 0L, 0, 100000);

    private CommonParams() {}
}
