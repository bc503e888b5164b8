-- Ids a client gave to an entity that already existed under another id: a create naming a taken natural
-- key (SmartEM's agent posts the same foil holes again under fresh ids at every rewrite of a square's
-- metadata) stores nothing twice and makes its id an alias of the entity, resolved in later paths and
-- parent references. Same script on H2 and PostgreSQL.
CREATE TABLE entity_alias (
    kind        VARCHAR(40)              NOT NULL,
    alias       VARCHAR(36)              NOT NULL,
    uuid        VARCHAR(36)              NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (kind, alias)
);
CREATE INDEX entity_alias_uuid ON entity_alias (kind, uuid);
