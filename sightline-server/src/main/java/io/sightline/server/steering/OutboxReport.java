package io.sightline.server.steering;

/**
 * What an agent's heartbeat says of its outbox (docs/steering.md, "What a heartbeat reports").
 *
 * @param depth                    changes stored and not yet delivered
 * @param parked                   changes set aside for good (refused, or poison items)
 * @param oldestUndeliveredSeconds age of the oldest undelivered change; null when none waits
 * @param newestParked             the last change parked and why; null when none (limits:
 *                                 {@link io.sightline.core.wire.HeartbeatField})
 */
public record OutboxReport(long depth, long parked, Double oldestUndeliveredSeconds, String newestParked) {}
