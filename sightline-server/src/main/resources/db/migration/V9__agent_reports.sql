-- What each agent last reported with its heartbeat (docs/steering.md, "What a heartbeat reports"): its
-- outbox's depth, the age of its oldest undelivered change and the changes it parked. One row per agent,
-- replaced at each heartbeat that carries the figures; /metrics and GET /api/v1/agents read it, so every
-- server of a shared database reports the same. Same script on H2 and PostgreSQL.
CREATE TABLE agent_report (
    agent_id                           VARCHAR(200)             PRIMARY KEY,
    session_id                         VARCHAR(36)              NOT NULL,
    outbox_depth                       BIGINT                   NOT NULL,
    outbox_parked                      BIGINT                   NOT NULL,
    outbox_oldest_undelivered_seconds  DOUBLE PRECISION,
    outbox_newest_parked               VARCHAR(2000),
    reported_at                        TIMESTAMP WITH TIME ZONE NOT NULL
);
