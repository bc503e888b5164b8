-- Pipelines attached to acquisitions (docs/pipelines.md, "Runs triggered by acquisition"): new micrographs of
-- the acquisition are collected into batches, and each batch becomes a run over exactly those micrographs.
-- The collection cursor is the event log id up to which the acquisition's micrograph.created events were
-- taken; it moves in the same transaction as the micrographs it took, so a server killed at any moment
-- neither forgets a micrograph nor takes one twice. A batch stores its run's id before the run is started,
-- so a restart either finds that run or starts it, never a second one. Same script on H2 and PostgreSQL.
CREATE TABLE pipeline_attachment (
    id               VARCHAR(36)              PRIMARY KEY,
    acquisition_uuid VARCHAR(36)              NOT NULL,
    name             VARCHAR(200)             NOT NULL,
    run_request      TEXT                     NOT NULL,
    project_dir      VARCHAR(4000)            NOT NULL,
    batch_size       INTEGER                  NOT NULL,
    max_wait_ms      BIGINT                   NOT NULL,
    event_cursor     BIGINT                   NOT NULL,
    batches          INTEGER                  NOT NULL,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    detached_at      TIMESTAMP WITH TIME ZONE
);
CREATE INDEX pipeline_attachment_acquisition ON pipeline_attachment (acquisition_uuid);

-- The micrographs an attachment took, in event order; batch_number is null while the micrograph waits.
CREATE TABLE pipeline_attachment_item (
    attachment_id   VARCHAR(36)              NOT NULL REFERENCES pipeline_attachment (id) ON DELETE CASCADE,
    micrograph_uuid VARCHAR(36)              NOT NULL,
    event_id        BIGINT                   NOT NULL,
    micrograph_id   VARCHAR(200),
    path            VARCHAR(4000),
    batch_number    INTEGER,
    queued_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (attachment_id, micrograph_uuid)
);
CREATE INDEX pipeline_attachment_item_pending ON pipeline_attachment_item (attachment_id, batch_number, event_id);

-- One row per batch: its run id is chosen (and stored) before the run exists.
CREATE TABLE pipeline_batch (
    attachment_id VARCHAR(36)              NOT NULL REFERENCES pipeline_attachment (id) ON DELETE CASCADE,
    batch_number  INTEGER                  NOT NULL,
    run_id        VARCHAR(36)              NOT NULL,
    item_count    INTEGER                  NOT NULL,
    started       BOOLEAN                  NOT NULL,
    reason        VARCHAR(2000),
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (attachment_id, batch_number)
);
