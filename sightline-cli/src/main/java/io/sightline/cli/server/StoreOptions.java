package io.sightline.cli.server;

import io.sightline.cli.support.Settings;
import io.sightline.server.ServerConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where the server keeps its state: shared by {@code server} and {@code token} so both open the same database.
 * Each option can also come from the environment ({@code SIGHTLINE_DB}, ...) or the config file.
 */
public final class StoreOptions {

    static final Path DEFAULT_DATA_DIR = Path.of(System.getProperty("user.home"), ".sightline", "server");

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "Settings file (name = value lines, e.g. "
                    + "'port = 8000', 'db = jdbc:postgresql://...'); also SIGHTLINE_CONFIG.")
    Path config;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "Local state, and the embedded H2 database unless "
                    + "--db is given (default: ~/.sightline/server; env SIGHTLINE_DATA_DIR).")
    Path dataDir;

    @Option(
            names = "--db",
            paramLabel = "JDBC_URL",
            description = "Database, e.g. jdbc:postgresql://db:5432/sightline "
                    + "(default: H2 under the data directory; env SIGHTLINE_DB).")
    String db;

    @Option(names = "--db-user", paramLabel = "USER", description = "Database user (env SIGHTLINE_DB_USER).")
    String dbUser;

    @Option(
            names = "--db-password",
            paramLabel = "PASSWORD",
            description = "Database password; prefer the "
                    + "environment variable SIGHTLINE_DB_PASSWORD, which other users cannot see in the process list.")
    String dbPassword;

    Settings settings() {
        return Settings.load(config, System.getenv());
    }

    /** The embedded defaults with the storage settings applied, flags first. */
    ServerConfig apply(Settings settings, ServerConfig base) {
        ServerConfig config = base;
        String url = settings.get("db", db).orElse(null);
        String user = settings.get("db-user", dbUser).orElse(null);
        String password = settings.get("db-password", dbPassword).orElse(null);
        if (url != null) {
            config = config.withDatabase(url, user, password);
        }
        return config;
    }

    Path dataDir(Settings settings) {
        return settings.get("data-dir", dataDir == null ? null : dataDir.toString())
                .map(Path::of)
                .orElse(DEFAULT_DATA_DIR);
    }

    ServerConfig config() {
        Settings settings = settings();
        return apply(settings, ServerConfig.defaults(dataDir(settings)));
    }
}
