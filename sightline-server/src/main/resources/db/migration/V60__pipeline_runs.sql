-- Processing pipeline runs (docs/pipelines.md): the scheduler's whole state, so that a restarted server
-- continues every run without submitting a job twice. A run keeps the pipeline as submitted (JSON) and its
-- RELION project directory; each job its directory in that project, attempt, and what the executor said.
-- A job is SUBMITTING from just before the executor is asked until its external id is stored: after a crash
-- in between, the scheduler asks the executor (findByKey) instead of submitting again. Same script on H2
-- and PostgreSQL.
CREATE TABLE pipeline_run (
    id              VARCHAR(36)              PRIMARY KEY,
    name            VARCHAR(200)             NOT NULL,
    project_dir     VARCHAR(4000)            NOT NULL,
    spec            TEXT                     NOT NULL,
    status          VARCHAR(20)              NOT NULL,
    stop_on_failure BOOLEAN                  NOT NULL,
    max_attempts    INTEGER                  NOT NULL,
    reason          VARCHAR(2000),
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at     TIMESTAMP WITH TIME ZONE
);
CREATE INDEX pipeline_run_status ON pipeline_run (status, created_at);

CREATE TABLE pipeline_job (
    run_id      VARCHAR(36)              NOT NULL REFERENCES pipeline_run (id) ON DELETE CASCADE,
    name        VARCHAR(64)              NOT NULL,
    position    INTEGER                  NOT NULL,
    job_type    VARCHAR(100)             NOT NULL,
    job_dir     VARCHAR(200)             NOT NULL,
    status      VARCHAR(20)              NOT NULL,
    attempt     INTEGER                  NOT NULL,
    executor    VARCHAR(40),
    external_id VARCHAR(200),
    job_key     VARCHAR(200),
    reason      VARCHAR(2000),
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (run_id, name)
);
