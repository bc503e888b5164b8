-- Housekeeping deletes idempotency keys by age (event_log already has event_log_created).
CREATE INDEX ingest_request_created ON ingest_request (created_at);
