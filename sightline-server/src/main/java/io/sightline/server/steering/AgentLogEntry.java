package io.sightline.server.steering;

import java.time.Instant;

/** One log record shipped by an agent ({@code AgentLogEntry}). */
public record AgentLogEntry(Instant timestamp, String level, String loggerName, String message) {}
