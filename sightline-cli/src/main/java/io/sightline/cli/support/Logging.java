package io.sightline.cli.support;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/**
 * One-shot commands log warnings only, long-running ones (server, agent) say what they do: INFO. The
 * environment variable SIGHTLINE_LOG_LEVEL overrides both.
 */
public final class Logging {

    private Logging() {}

    /** Raises the default log level to INFO for a long-running process, unless the user chose a level. */
    public static void longRunning() {
        if (System.getenv("SIGHTLINE_LOG_LEVEL") == null
                && LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof Logger root) {
            root.setLevel(Level.INFO);
        }
    }

    /**
     * {@code -v} (count 1) shows DEBUG from Sightline's own loggers, {@code -vv} (2 or more) TRACE; the
     * libraries stay at their level so the detail is ours. An explicit flag wins over SIGHTLINE_LOG_LEVEL,
     * since it was typed for this run.
     */
    public static void verbosity(int count) {
        if (count > 0 && LoggerFactory.getLogger("io.sightline") instanceof Logger sightline) {
            sightline.setLevel(count == 1 ? Level.DEBUG : Level.TRACE);
        }
    }
}
