package io.sightline.cli.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

    @TempDir
    Path tmp;

    @Test
    void aFlagBeatsTheEnvironmentWhichBeatsTheFile() throws IOException {
        Path file =
                Files.writeString(tmp.resolve("sightline.properties"), "port = 7000\nbind = 0.0.0.0\ndb = jdbc:file\n");
        Settings settings = Settings.load(file, Map.of("SIGHTLINE_PORT", "7100", "SIGHTLINE_DB", "jdbc:env"));

        assertThat(settings.getInt("port", 7200)).contains(7200);
        assertThat(settings.getInt("port", null)).contains(7100);
        assertThat(settings.get("db", null)).contains("jdbc:env");
        assertThat(settings.get("bind", null)).contains("0.0.0.0");
        assertThat(settings.get("amqp", null)).isEmpty();
    }

    @Test
    void theConfigFileCanBeNamedByTheEnvironment() throws IOException {
        Path file = Files.writeString(tmp.resolve("s.properties"), "db-user = sightline\n");

        Settings settings = Settings.load(null, Map.of("SIGHTLINE_CONFIG", file.toString()));

        assertThat(settings.get("db-user", null)).contains("sightline");
    }

    @Test
    void aBadNumberNamesTheSettingAndWhereItCameFrom() {
        Settings settings = Settings.load(null, Map.of("SIGHTLINE_PORT", "eighty"));

        assertThatThrownBy(() -> settings.getInt("port", null))
                .isInstanceOf(CommandFailedException.class)
                .hasMessageContaining("port")
                .hasMessageContaining("eighty")
                .hasMessageContaining("SIGHTLINE_PORT");
    }

    @Test
    void aMissingConfigFileIsAnEnvironmentError() {
        assertThatThrownBy(() -> Settings.load(tmp.resolve("absent.properties"), Map.of()))
                .isInstanceOfSatisfying(
                        CommandFailedException.class,
                        e -> assertThat(e.exitCode()).isEqualTo(ExitCode.ENVIRONMENT))
                .hasMessageContaining("absent.properties");
    }
}
