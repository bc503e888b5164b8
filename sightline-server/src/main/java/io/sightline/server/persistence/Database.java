package io.sightline.server.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The connection pool of one database, migrated to the current schema on open. H2 and PostgreSQL run
 * the same Flyway scripts; H2 URLs built by Sightline use {@code MODE=PostgreSQL}.
 */
public final class Database implements AutoCloseable {

    /** Which SQL engine is behind the pool; only locking differs between them. */
    public enum Dialect {
        H2,
        POSTGRESQL
    }

    private final HikariDataSource dataSource;
    private final Dialect dialect;

    private Database(HikariDataSource dataSource, Dialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
    }

    /**
     * Opens a pool on {@code jdbcUrl} and runs the migrations.
     *
     * @param poolSize the maximum number of connections
     */
    public static Database open(String jdbcUrl, String user, String password, int poolSize) {
        return open(jdbcUrl, user, password, poolSize, config -> {});
    }

    /**
     * Opens a pool, letting {@code customiser} adjust the Hikari configuration first (for example
     * {@code setMetricsTrackerFactory} for Micrometer pool metrics), and runs the migrations.
     */
    public static Database open(
            String jdbcUrl,
            String user,
            String password,
            int poolSize,
            java.util.function.Consumer<HikariConfig> customiser) {
        Dialect dialect = jdbcUrl.startsWith("jdbc:postgresql:") ? Dialect.POSTGRESQL : Dialect.H2;
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(dialect == Dialect.H2 ? durableH2(jdbcUrl) : jdbcUrl);
        if (user != null) {
            config.setUsername(user);
        }
        if (password != null) {
            config.setPassword(password);
        }
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("sightline-db");
        if (dialect == Dialect.POSTGRESQL) {
            // Turns JDBC batches into multi-row INSERTs: the difference between 2k and 20k+ rows/s.
            config.addDataSourceProperty("reWriteBatchedInserts", "true");
            // The driver prepares a statement on the server after a few uses, and PostgreSQL then keeps a
            // generic plan made with the statistics of that moment. On a new database every table is empty
            // then, so the kept plan scans whole tables: lookups by primary key took milliseconds once a
            // table had a few thousand rows, until autovacuum happened to analyse it. A plan made for each
            // execution costs tens of microseconds and always fits the table as it is.
            config.setConnectionInitSql("SET plan_cache_mode = force_custom_plan");
        }
        customiser.accept(config);
        HikariDataSource dataSource = new HikariDataSource(config);
        try {
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        return new Database(dataSource, dialect);
    }

    /**
     * An H2 URL with the two settings a 2xx-means-durable server needs, unless the URL sets them itself.
     *
     * <p>{@code WRITE_DELAY=0}: H2 (MVStore) otherwise writes committed changes to its file only every
     * 500 ms, so a kill -9 lost transactions the server had already answered 200 to, and with them the
     * event ids it had handed out, which the identity column then handed out again. With 0 each commit
     * reaches the file (the operating system's cache, which survives the process) before
     * {@code commit()} returns; the ingest figures in {@code docs/benchmarks.md} ("Durable embedded
     * database") show what it costs. It is not an fsync: a power cut can still lose the last commits,
     * which is what PostgreSQL is for.
     *
     * <p>{@code DB_CLOSE_ON_EXIT=FALSE}: H2's own shutdown hook otherwise closes the database as soon as
     * the JVM begins to stop (SIGTERM), under requests still draining, which then failed with 500. The
     * server closes it itself, last.
     */
    static String durableH2(String jdbcUrl) {
        String url = jdbcUrl;
        String upper = jdbcUrl.toUpperCase(java.util.Locale.ROOT);
        if (!upper.contains(";WRITE_DELAY=")) {
            url += ";WRITE_DELAY=0";
        }
        if (!upper.contains(";DB_CLOSE_ON_EXIT=")) {
            url += ";DB_CLOSE_ON_EXIT=FALSE";
        }
        return url;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public Dialect dialect() {
        return dialect;
    }

    /** Runs a read on a connection from the pool (auto-commit). */
    public <T> T read(SqlWork<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw new StorageException("database read failed", e);
        }
    }

    /** Whether the database answers a trivial query. */
    public boolean isReachable() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }

    /** Work on one connection. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }
}
