package io.sightline.server.testing;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.flywaydb.core.Flyway;

/** A migrated database for one test class: H2 in memory, or a fresh PostgreSQL schema dropped on close. */
public final class TestDatabase implements AutoCloseable {

  public static final String PG_URL = System.getenv().getOrDefault(
      "SIGHTLINE_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

  private final HikariDataSource dataSource;
  private final Runnable cleanup;

  private TestDatabase(HikariDataSource dataSource, Runnable cleanup) {
    this.dataSource = dataSource;
    this.cleanup = cleanup;
  }

  public static TestDatabase h2() {
    HikariConfig cfg = new HikariConfig();
    cfg.setJdbcUrl("jdbc:h2:mem:t" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1");
    cfg.setMaximumPoolSize(8);
    HikariDataSource ds = new HikariDataSource(cfg);
    migrate(ds, null);
    String url = cfg.getJdbcUrl();
    return new TestDatabase(ds, () -> {
      try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
        s.execute("SHUTDOWN");
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  /** Whether the PostgreSQL server of {@link #PG_URL} answers. */
  public static boolean postgresAvailable() {
    try (Connection c = DriverManager.getConnection(PG_URL)) {
      return c.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }

  public static TestDatabase postgres() {
    String schema = "sl_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    try (Connection c = DriverManager.getConnection(PG_URL); Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create schema on " + PG_URL, e);
    }
    HikariConfig cfg = new HikariConfig();
    cfg.setJdbcUrl(PG_URL + (PG_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema);
    cfg.setMaximumPoolSize(8);
    HikariDataSource ds = new HikariDataSource(cfg);
    migrate(ds, schema);
    return new TestDatabase(ds, () -> {
      try (Connection c = DriverManager.getConnection(PG_URL); Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA " + schema + " CASCADE");
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  private static void migrate(HikariDataSource ds, String schema) {
    var fw = Flyway.configure().dataSource(ds).locations("classpath:db/migration");
    if (schema != null) {
      fw.schemas(schema).defaultSchema(schema);
    }
    fw.load().migrate();
  }

  public HikariDataSource dataSource() {
    return dataSource;
  }

  @Override
  public void close() {
    dataSource.close();
    cleanup.run();
  }
}
