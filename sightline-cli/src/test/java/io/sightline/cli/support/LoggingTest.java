package io.sightline.cli.support;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LoggingTest {
    private final Logger sightline = (Logger) LoggerFactory.getLogger("io.sightline");
    private final Level before = sightline.getLevel();

    @AfterEach
    void restore() {
        sightline.setLevel(before);
    }

    @Test
    void oneVShowsDebugAndTwoShowTraceFromSightlinesLoggersOnly() {
        Level library = ((Logger) LoggerFactory.getLogger("org.eclipse.jetty")).getEffectiveLevel();

        Logging.verbosity(1);
        assertThat(LoggerFactory.getLogger("io.sightline.agent.Any").isDebugEnabled())
                .isTrue();
        assertThat(LoggerFactory.getLogger("io.sightline.agent.Any").isTraceEnabled())
                .isFalse();

        Logging.verbosity(2);
        assertThat(LoggerFactory.getLogger("io.sightline.agent.Any").isTraceEnabled())
                .isTrue();
        assertThat(((Logger) LoggerFactory.getLogger("org.eclipse.jetty")).getEffectiveLevel())
                .isEqualTo(library);
    }

    @Test
    void withoutAFlagTheLevelIsLeftAlone() {
        sightline.setLevel(Level.WARN);

        Logging.verbosity(0);

        assertThat(sightline.getLevel()).isEqualTo(Level.WARN);
    }
}
