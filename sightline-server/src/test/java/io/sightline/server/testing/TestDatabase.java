package io.sightline.server.testing;

import io.sightline.server.persistence.Database;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * A fresh, empty database for one test: an in-memory H2 database, or a new schema in PostgreSQL.
 * Closing it closes the pool it opened and drops the schema, so nothing is left behind.
 *
 * <p>Use {@link #h2()} or {@link #postgres()} directly, or {@link BothDatabases} to run a
 * parameterised test once on each; the instance is the parameter and JUnit closes it afterwards.
 */
public final class TestDatabase implements AutoCloseable {
    private final String name;
    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final Runnable cleanup;
    private Database opened;
    private boolean closed;

    private TestDatabase(String name, String jdbcUrl, String user, String password, Runnable cleanup) {
        this.name = name;
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.cleanup = cleanup;
    }

    /** A private in-memory H2 database in PostgreSQL mode; it disappears with its last connection. */
    public static TestDatabase h2() {
        String url = "jdbc:h2:mem:sightline_" + UUID.randomUUID().toString().replace("-", "")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
        return new TestDatabase("H2", url, "sa", "", () -> {});
    }

    /** An H2 file database in {@code dir} (the embedded default's engine), for benchmarks. */
    public static TestDatabase h2File(java.nio.file.Path dir) {
        return new TestDatabase("H2 file", io.sightline.server.ServerConfig.h2FileUrl(dir), "sa", "", () -> {});
    }

    /**
     * An H2 file database in {@code dir} with {@code settings} appended to its URL (which then win over
     * the ones the server adds), for benchmarks that compare H2 settings.
     */
    public static TestDatabase h2File(java.nio.file.Path dir, String settings) {
        return new TestDatabase(
                "H2 file" + settings, io.sightline.server.ServerConfig.h2FileUrl(dir) + settings, "sa", "", () -> {});
    }

    /**
     * A new schema in the test PostgreSQL ({@link TestPostgres#server()}), dropped on close. The JDBC URL
     * selects the schema through {@code currentSchema}, so whatever opens it sees only that schema.
     */
    public static TestDatabase postgres() {
        TestPostgres.Server server = TestPostgres.server();
        String schema = "sightline_test_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        execute(server, "CREATE SCHEMA " + schema);
        String separator = server.jdbcUrl().contains("?") ? "&" : "?";
        String url = server.jdbcUrl() + separator + "currentSchema=" + schema;
        return new TestDatabase(
                "PostgreSQL",
                url,
                server.user(),
                server.password(),
                () -> execute(server, "DROP SCHEMA " + schema + " CASCADE"));
    }

    private static void execute(TestPostgres.Server server, String sql) {
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("could not run '" + sql + "' on " + server.jdbcUrl(), e);
        }
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** Opens (once) a migrated {@link Database} on this test database; closed with it. */
    public Database open() {
        if (opened == null) {
            opened = Database.open(jdbcUrl, user, password, 4);
        }
        return opened;
    }

    /** The pool of {@link #open()} (opening it): for tests that read or write rows directly. */
    public javax.sql.DataSource dataSource() {
        return open().dataSource();
    }

    /** Closes the pool and drops the database; calling it again does nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (opened != null) {
            opened.close();
        }
        cleanup.run();
    }

    @Override
    public String toString() {
        return name;
    }
}
