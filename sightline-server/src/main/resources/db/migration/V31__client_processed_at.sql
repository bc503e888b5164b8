-- processed_at is the server's time of a final acknowledgement (as SmartEM records it); the time the agent
-- sent is kept beside it exactly as written, since SmartEM's agent sends naive local times whose zone the
-- server cannot know. Same script on H2 and PostgreSQL.
ALTER TABLE agent_instruction ADD COLUMN client_processed_at VARCHAR(64);
ALTER TABLE agent_instruction_ack ADD COLUMN client_processed_at VARCHAR(64);
