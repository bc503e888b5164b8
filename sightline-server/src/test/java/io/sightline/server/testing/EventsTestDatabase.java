package io.sightline.server.testing;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.flywaydb.core.Flyway;

/**
 * A migrated database for one test: H2 in memory, or a fresh PostgreSQL schema dropped on close.
 * PostgreSQL comes from {@code SIGHTLINE_TEST_PG_URL}, else the server on 127.0.0.1:5432 (database
 * {@code test}), else an embedded PostgreSQL started once per test JVM from Maven artifacts (forced
 * with {@code -Dsightline.test.pg=embedded}).
 */
public final class EventsTestDatabase implements AutoCloseable {

  private static final String CONFIGURED_PG_URL = System.getenv().getOrDefault(
      "SIGHTLINE_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
  private static String pgUrl;
  private static EmbeddedPostgres embedded;

  /** The PostgreSQL to test against, starting the embedded one when no server answers. */
  public static synchronized String pgUrl() {
    if (pgUrl != null) {
      return pgUrl;
    }
    if (!"embedded".equals(System.getProperty("sightline.test.pg")) && answers(CONFIGURED_PG_URL)) {
      pgUrl = CONFIGURED_PG_URL;
      return pgUrl;
    }
    try {
      embedded = EmbeddedPostgres.builder().start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          embedded.close();
        } catch (IOException e) {
          // the process is ending anyway
        }
      }));
      pgUrl = embedded.getJdbcUrl("postgres", "postgres");
      return pgUrl;
    } catch (IOException e) {
      throw new IllegalStateException("no PostgreSQL at " + CONFIGURED_PG_URL + " and the embedded one did not start", e);
    }
  }

  private static boolean answers(String url) {
    try (Connection c = DriverManager.getConnection(url)) {
      return c.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }

  private final HikariDataSource dataSource;
  private final Runnable cleanup;

  private EventsTestDatabase(HikariDataSource dataSource, Runnable cleanup) {
    this.dataSource = dataSource;
    this.cleanup = cleanup;
  }

  public static EventsTestDatabase h2() {
    HikariConfig cfg = new HikariConfig();
    cfg.setJdbcUrl("jdbc:h2:mem:t" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1");
    cfg.setMaximumPoolSize(8);
    HikariDataSource ds = new HikariDataSource(cfg);
    migrate(ds, null);
    String url = cfg.getJdbcUrl();
    return new EventsTestDatabase(ds, () -> {
      try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
        s.execute("SHUTDOWN");
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  public static EventsTestDatabase postgres() {
    String url = pgUrl();
    String schema = "sl_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create schema on " + url, e);
    }
    HikariConfig cfg = new HikariConfig();
    cfg.setJdbcUrl(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema);
    cfg.setMaximumPoolSize(8);
    HikariDataSource ds = new HikariDataSource(cfg);
    migrate(ds, schema);
    return new EventsTestDatabase(ds, () -> {
      try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
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
