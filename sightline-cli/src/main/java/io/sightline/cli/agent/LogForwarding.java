package io.sightline.cli.agent;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.sightline.agent.steer.LogEntry;
import io.sightline.agent.steer.LogSink;
import java.time.Instant;
import org.slf4j.LoggerFactory;

/**
 * Hands the agent's log records (INFO and above) to its {@link LogSink}. The agent module has only the
 * SLF4J API, so the Logback side lives here, in the composition root.
 */
final class LogForwarding extends AppenderBase<ILoggingEvent> {
    private final LogSink sink;

    private LogForwarding(LogSink sink) {
        this.sink = sink;
    }

    /** Adds a forwarding appender to the root logger (no-op when Logback is not the SLF4J binding). */
    static void attach(LogSink sink) {
        if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof Logger root) {
            LogForwarding appender = new LogForwarding(sink);
            appender.setContext(root.getLoggerContext());
            appender.setName("sightline-agent-log-shipping");
            appender.start();
            root.addAppender(appender);
        }
    }

    @Override
    protected void append(ILoggingEvent event) {
        if (event.getLevel().isGreaterOrEqual(Level.INFO)) {
            String message = event.getFormattedMessage();
            if (event.getThrowableProxy() != null) {
                message += " (" + event.getThrowableProxy().getClassName() + ": "
                        + event.getThrowableProxy().getMessage() + ")";
            }
            sink.accept(new LogEntry(
                    Instant.ofEpochMilli(event.getTimeStamp()),
                    event.getLevel().toString(),
                    event.getLoggerName(),
                    message));
        }
    }
}
