package io.sightline.server.steering;

/** What {@code GET /debug/connection-stats} and the {@code /metrics} gauges show. */
public record ConnectionStats(
        long activeConnections, long activeSessions, long pendingInstructions, long sentInstructions) {}
