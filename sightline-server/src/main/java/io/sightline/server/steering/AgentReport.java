package io.sightline.server.steering;

import java.time.Instant;

/** The latest figures an agent reported, from which session and when. */
public record AgentReport(String agentId, String sessionId, OutboxReport outbox, Instant reportedAt) {}
