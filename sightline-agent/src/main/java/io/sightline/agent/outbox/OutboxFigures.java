package io.sightline.agent.outbox;

import java.time.Duration;
import java.util.Optional;

/**
 * The outbox at one moment, as the status line, the heartbeat and the info instructions tell it.
 *
 * @param depth             changes stored and not yet delivered (parked ones not counted)
 * @param oldestUndelivered how long the oldest of them has waited
 * @param parked            changes set aside for good, with their reasons
 * @param newestParked      the last one set aside
 */
public record OutboxFigures(
        int depth, Optional<Duration> oldestUndelivered, int parked, Optional<ParkedEntry> newestParked) {}
