-- Data objects (docs/data-objects.md): files written once to storage and referred to by uid. The server
-- keeps the client's path and where it resolved inside a storage root, what stat and the header told, and
-- the verification state; lineage is a separate table (an object may have several parents). Same script
-- on H2 and PostgreSQL.
CREATE TABLE data_object (
    uid            VARCHAR(36)              PRIMARY KEY,
    kind           VARCHAR(200)             NOT NULL,
    session        VARCHAR(200)             NOT NULL,
    path           VARCHAR(4000)            NOT NULL,
    server_path    VARCHAR(4000)            NOT NULL,
    size_bytes     BIGINT                   NOT NULL,
    mtime          TIMESTAMP WITH TIME ZONE NOT NULL,
    shape          VARCHAR(200),
    dtype          VARCHAR(40),
    format         VARCHAR(40),
    entity_uuid    VARCHAR(36),
    checksum       VARCHAR(200),
    status         VARCHAR(20)              NOT NULL,
    metadata       TEXT,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    verified_at    TIMESTAMP WITH TIME ZONE
);
CREATE INDEX data_object_session_kind ON data_object (session, kind, created_at);
CREATE INDEX data_object_kind ON data_object (kind, created_at);
CREATE INDEX data_object_entity ON data_object (entity_uuid, kind);

CREATE TABLE data_object_parent (
    uid        VARCHAR(36) NOT NULL REFERENCES data_object (uid) ON DELETE CASCADE,
    parent_uid VARCHAR(36) NOT NULL REFERENCES data_object (uid),
    position   INTEGER     NOT NULL,
    PRIMARY KEY (uid, parent_uid)
);
CREATE INDEX data_object_parent_parent ON data_object_parent (parent_uid);
