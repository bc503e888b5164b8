package io.sightline.agent.steer;

import java.time.Instant;

/** One log record as {@code AgentLogEntry} carries it. */
public record LogEntry(Instant timestamp, String level, String loggerName, String message) {}
