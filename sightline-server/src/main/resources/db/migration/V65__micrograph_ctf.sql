-- CTF details per micrograph read back from the pipelines' CTF jobs (docs/pipelines.md, "Results"). The maximum
-- resolution also goes to micrograph.ctf_max_resolution_estimate, where SmartEM's feedback route writes it; the
-- rest has no place in SmartEM's micrograph (whose answers keep SmartEM's shape), so it lives here, one row per
-- micrograph, the latest job's values, served at GET /api/v1/micrographs/{uuid}/ctf.
CREATE TABLE micrograph_ctf (
    micrograph_uuid  VARCHAR(36) PRIMARY KEY REFERENCES micrograph (uuid) ON DELETE CASCADE,
    defocus_u        DOUBLE PRECISION,
    defocus_v        DOUBLE PRECISION,
    astigmatism      DOUBLE PRECISION,
    defocus_angle    DOUBLE PRECISION,
    max_resolution   DOUBLE PRECISION,
    figure_of_merit  DOUBLE PRECISION,
    run_id           VARCHAR(36)  NOT NULL,
    job              VARCHAR(200) NOT NULL,
    recorded_at      TIMESTAMP WITH TIME ZONE NOT NULL
);
