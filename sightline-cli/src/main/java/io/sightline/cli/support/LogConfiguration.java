package io.sightline.cli.support;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logback's configuration, in code: logs go to standard error (standard output stays clean for results
 * and JSON), at WARN unless {@code SIGHTLINE_LOG_LEVEL} says otherwise; libraries that chat at INFO stay
 * at WARN. Found through {@code META-INF/services}, before logback would look for an XML file.
 *
 * <p>Why not {@code logback.xml}: parsing it costs every command about a tenth of a second at start
 * (XML parser start-up and reflection), which a one-second {@code parse dir} cannot spare.
 */
public final class LogConfiguration extends ContextAwareBase implements Configurator {

    static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n";
    private static final String[] QUIET_LIBRARIES = {
        "org.eclipse.jetty", "org.flywaydb", "com.zaxxer.hikari", "io.javalin"
    };

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(System.getenv("SIGHTLINE_LOG_LEVEL"), Level.WARN));
        root.addAppender(stderr);
        for (String library : QUIET_LIBRARIES) {
            context.getLogger(library).setLevel(Level.WARN);
        }
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
