package io.sightline.agent.steer;

/**
 * Where the process's logging framework hands the agent its own log records. The agent has only the
 * SLF4J API; the composition root (sightline-cli) attaches an appender that calls this. Must not block.
 */
@FunctionalInterface
public interface LogSink {
    LogSink NONE = entry -> {};

    void accept(LogEntry entry);
}
