-- Agent tokens name the agents they act for (docs/security.md, "Agent tokens"): on the agent routes
-- (sessions, instruction stream, acks, heartbeats, logs) a token acts only for the agent ids listed
-- here. An agent token with no row binds to the first agent id it acts for (bound_how 'first-use'),
-- which keeps tokens created before this table working; 'named' rows were given at creation.
CREATE TABLE api_token_agent (
    token_id   VARCHAR(36)              NOT NULL REFERENCES api_token (id) ON DELETE CASCADE,
    agent_id   VARCHAR(200)             NOT NULL,
    bound_how  VARCHAR(20)              NOT NULL,
    bound_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (token_id, agent_id)
);

-- Who wrote each ingest batch: the credential's source (token, oidc, open), its name (token name or
-- OIDC user) and the agent ids it acted for at the time, space-separated (none for admins).
ALTER TABLE ingest_request ADD COLUMN written_by_source VARCHAR(20);
ALTER TABLE ingest_request ADD COLUMN written_by TEXT;
ALTER TABLE ingest_request ADD COLUMN written_for_agents TEXT;
