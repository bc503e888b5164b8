-- The acquisition data model: one table per entity, uuids are ours, natural keys come from the instrument
-- and are unique within the parent. Every child row carries its acquisition_uuid so that events and
-- stream filters need no joins. Deleting a parent deletes its children (ON DELETE CASCADE).
-- The same script runs on PostgreSQL and on H2 (MODE=PostgreSQL): portable types only.
-- Indexes are only those the queries use (uuid, parent + natural key) and the ones cascades need:
-- every index costs ingest throughput. Add acquisition_uuid indexes with the first query that filters on it.

CREATE TABLE acquisition (
    uuid               VARCHAR(36) PRIMARY KEY,
    name               VARCHAR(1000) NOT NULL,
    status             VARCHAR(40),
    start_time         TIMESTAMP WITH TIME ZONE,
    end_time           TIMESTAMP WITH TIME ZONE,
    paused_time        TIMESTAMP WITH TIME ZONE,
    storage_path       VARCHAR(4000),
    atlas_path         VARCHAR(4000),
    clustering_mode    VARCHAR(200),
    clustering_radius  VARCHAR(200),
    instrument_model   VARCHAR(200),
    instrument_id      VARCHAR(200),
    computer_name      VARCHAR(200)
);

CREATE TABLE grid (
    uuid              VARCHAR(36) PRIMARY KEY,
    acquisition_uuid  VARCHAR(36) NOT NULL REFERENCES acquisition (uuid) ON DELETE CASCADE,
    name              VARCHAR(1000) NOT NULL,
    status            VARCHAR(60),
    data_dir          VARCHAR(4000),
    atlas_dir         VARCHAR(4000),
    scan_start_time   TIMESTAMP WITH TIME ZONE,
    scan_end_time     TIMESTAMP WITH TIME ZONE
);
CREATE INDEX grid_acquisition ON grid (acquisition_uuid);

-- One atlas per grid.
CREATE TABLE atlas (
    uuid              VARCHAR(36) PRIMARY KEY,
    grid_uuid         VARCHAR(36) NOT NULL UNIQUE REFERENCES grid (uuid) ON DELETE CASCADE,
    acquisition_uuid  VARCHAR(36) NOT NULL,
    atlas_id          VARCHAR(200),
    name              VARCHAR(1000) NOT NULL,
    acquisition_date  TIMESTAMP WITH TIME ZONE,
    storage_folder    VARCHAR(4000),
    description       VARCHAR(4000)
);

CREATE TABLE atlas_tile (
    uuid              VARCHAR(36) PRIMARY KEY,
    atlas_uuid        VARCHAR(36) NOT NULL REFERENCES atlas (uuid) ON DELETE CASCADE,
    acquisition_uuid  VARCHAR(36) NOT NULL,
    tile_id           VARCHAR(200),
    position_x        BIGINT,
    position_y        BIGINT,
    size_x            BIGINT,
    size_y            BIGINT,
    file_format       VARCHAR(100),
    base_filename     VARCHAR(4000),
    CONSTRAINT atlas_tile_natural_key UNIQUE (atlas_uuid, tile_id)
);

CREATE TABLE gridsquare (
    uuid                  VARCHAR(36) PRIMARY KEY,
    grid_uuid             VARCHAR(36) NOT NULL REFERENCES grid (uuid) ON DELETE CASCADE,
    acquisition_uuid      VARCHAR(36) NOT NULL,
    gridsquare_id         VARCHAR(200) NOT NULL,
    status                VARCHAR(60),
    data_dir              VARCHAR(4000),
    atlas_node_id         BIGINT,
    state                 VARCHAR(200),
    rotation              DOUBLE PRECISION,
    image_path            VARCHAR(4000),
    selected              BOOLEAN,
    unusable              BOOLEAN,
    stage_position_x      DOUBLE PRECISION,
    stage_position_y      DOUBLE PRECISION,
    stage_position_z      DOUBLE PRECISION,
    center_x              BIGINT,
    center_y              BIGINT,
    physical_x            DOUBLE PRECISION,
    physical_y            DOUBLE PRECISION,
    size_width            BIGINT,
    size_height           BIGINT,
    acquisition_datetime  TIMESTAMP WITH TIME ZONE,
    defocus               DOUBLE PRECISION,
    magnification         DOUBLE PRECISION,
    pixel_size            DOUBLE PRECISION,
    detector_name         VARCHAR(200),
    applied_defocus       DOUBLE PRECISION,
    lowmag                BOOLEAN NOT NULL,
    CONSTRAINT gridsquare_natural_key UNIQUE (grid_uuid, gridsquare_id)
);

-- Where a grid square appears on an atlas tile. The uuid is derived from (tile, square).
CREATE TABLE atlas_tile_gridsquare_position (
    uuid              VARCHAR(36) PRIMARY KEY,
    atlastile_uuid    VARCHAR(36) NOT NULL REFERENCES atlas_tile (uuid) ON DELETE CASCADE,
    gridsquare_uuid   VARCHAR(36) NOT NULL REFERENCES gridsquare (uuid) ON DELETE CASCADE,
    acquisition_uuid  VARCHAR(36) NOT NULL,
    center_x          BIGINT NOT NULL,
    center_y          BIGINT NOT NULL,
    size_width        BIGINT NOT NULL,
    size_height       BIGINT NOT NULL,
    CONSTRAINT atlas_tile_gridsquare_position_natural_key UNIQUE (atlastile_uuid, gridsquare_uuid)
);
CREATE INDEX atlas_tile_gridsquare_position_square ON atlas_tile_gridsquare_position (gridsquare_uuid);

CREATE TABLE foilhole (
    uuid              VARCHAR(36) PRIMARY KEY,
    gridsquare_uuid   VARCHAR(36) NOT NULL REFERENCES gridsquare (uuid) ON DELETE CASCADE,
    acquisition_uuid  VARCHAR(36) NOT NULL,
    foilhole_id       VARCHAR(200) NOT NULL,
    gridsquare_id     VARCHAR(200),
    status            VARCHAR(60),
    center_x          DOUBLE PRECISION,
    center_y          DOUBLE PRECISION,
    quality           DOUBLE PRECISION,
    rotation          DOUBLE PRECISION,
    size_width        DOUBLE PRECISION,
    size_height       DOUBLE PRECISION,
    x_location        BIGINT,
    y_location        BIGINT,
    x_stage_position  DOUBLE PRECISION,
    y_stage_position  DOUBLE PRECISION,
    diameter          BIGINT,
    is_near_grid_bar  BOOLEAN NOT NULL,
    CONSTRAINT foilhole_natural_key UNIQUE (gridsquare_uuid, foilhole_id)
);

CREATE TABLE micrograph (
    uuid                          VARCHAR(36) PRIMARY KEY,
    foilhole_uuid                 VARCHAR(36) NOT NULL REFERENCES foilhole (uuid) ON DELETE CASCADE,
    acquisition_uuid              VARCHAR(36) NOT NULL,
    micrograph_id                 VARCHAR(200),
    foilhole_id                   VARCHAR(200),
    location_id                   VARCHAR(200),
    status                        VARCHAR(60) NOT NULL,
    high_res_path                 VARCHAR(4000),
    manifest_file                 VARCHAR(4000),
    acquisition_datetime          TIMESTAMP WITH TIME ZONE,
    defocus                       DOUBLE PRECISION,
    detector_name                 VARCHAR(200),
    energy_filter                 BOOLEAN,
    phase_plate                   BOOLEAN,
    image_size_x                  BIGINT,
    image_size_y                  BIGINT,
    binning_x                     BIGINT,
    binning_y                     BIGINT,
    total_motion                  DOUBLE PRECISION,
    average_motion                DOUBLE PRECISION,
    ctf_max_resolution_estimate   DOUBLE PRECISION,
    number_of_particles_selected  BIGINT,
    number_of_particles_rejected  BIGINT,
    number_of_particles_picked    BIGINT,
    selection_distribution        VARCHAR(4000),
    pick_distribution             VARCHAR(4000),
    CONSTRAINT micrograph_natural_key UNIQUE (foilhole_uuid, micrograph_id)
);

-- Processing feedback: quality verdicts per micrograph, processing stage and metric.
CREATE TABLE micrograph_quality (
    micrograph_uuid  VARCHAR(36)  NOT NULL REFERENCES micrograph (uuid) ON DELETE CASCADE,
    stage            VARCHAR(40)  NOT NULL,
    metric_name      VARCHAR(200) NOT NULL,
    quality          BOOLEAN      NOT NULL,
    recorded_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (micrograph_uuid, stage, metric_name)
);

-- Answers to POST /api/v1/ingest by Idempotency-Key: a repeated request gets the stored answer.
CREATE TABLE ingest_request (
    idempotency_key  VARCHAR(200) PRIMARY KEY,
    body_sha256      VARCHAR(64)  NOT NULL,
    response         TEXT         NOT NULL,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL
);
