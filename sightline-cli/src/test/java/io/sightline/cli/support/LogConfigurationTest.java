package io.sightline.cli.support;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.ConsoleAppender;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** Logs go to standard error (standard output carries results and JSON); chatty libraries stay at WARN. */
class LogConfigurationTest {

    @Test
    void logbackFindsItAndItSendsLogsToStandardErrorWithLibrariesAtWarn() {
        assertThat(ServiceLoader.load(Configurator.class)).anyMatch(c -> c instanceof LogConfiguration);
        LoggerContext context = new LoggerContext();

        Configurator.ExecutionStatus status = new LogConfiguration().configure(context);

        assertThat(status).isEqualTo(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertThat(root.getAppender("STDERR"))
                .isInstanceOfSatisfying(
                        ConsoleAppender.class, a -> assertThat(a.getTarget()).isEqualTo("System.err"));
        assertThat(context.getLogger("org.eclipse.jetty").getLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("org.flywaydb").getLevel()).isEqualTo(Level.WARN);
    }
}
