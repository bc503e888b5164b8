-- The event log is the outbox: events are committed in id order (writes are serialised), so what the
-- bus has confirmed is a prefix of the log and one number says where it ends. Events above it wait for
-- the bus. This replaces one outbox row per event (an insert with every change and a delete with every
-- delivery, and a queue table whose dead rows slowed every look at it).
CREATE TABLE outbox_cursor (
    id                INT                      PRIMARY KEY CHECK (id = 1),
    delivered_through BIGINT                   NOT NULL,
    updated_at        TIMESTAMP WITH TIME ZONE NOT NULL
);
INSERT INTO outbox_cursor (id, delivered_through, updated_at)
SELECT 1, COALESCE((SELECT MIN(event_id) - 1 FROM outbox), (SELECT MAX(id) FROM event_log), 0), CURRENT_TIMESTAMP;
DROP TABLE outbox;
