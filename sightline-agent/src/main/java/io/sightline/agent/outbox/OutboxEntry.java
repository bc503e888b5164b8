package io.sightline.agent.outbox;

import java.time.Instant;

/** One stored change waiting for delivery: its place in the queue, what it is and its ingest item. */
public record OutboxEntry(long seq, String type, String uuid, String itemJson, Instant created) {}
