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
        config.setJdbcUrl(jdbcUrl);
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
