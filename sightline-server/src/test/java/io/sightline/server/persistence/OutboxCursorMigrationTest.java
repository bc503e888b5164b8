package io.sightline.server.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.server.testing.BothDatabases;
import io.sightline.server.testing.TestDatabase;
import io.sightline.server.testing.TestEvents;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * A database of the version with one outbox row per event moves to the outbox position without losing
 * or repeating an event: what still had a row waits for the bus, what had none counts as delivered.
 */
class OutboxCursorMigrationTest {

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void eventsThatStillHadOutboxRowsStayWaitingTheOthersCountAsDelivered(TestDatabase db) throws Exception {
        try (db;
                Connection c = connect(db)) { // the connection also keeps an in-memory H2 database alive
            migrateToVersion4(db);
            try (Statement s = c.createStatement()) {
                for (int i = 1; i <= 5; i++) {
                    s.executeUpdate("INSERT INTO event_log (id, event_type, payload, created_at)" + " VALUES (" + i
                            + ", 'micrograph.created', '{}', CURRENT_TIMESTAMP)");
                }
                // the bus had confirmed 1-3; 4 and 5 were waiting
                s.executeUpdate(
                        "INSERT INTO outbox (event_id, created_at) VALUES (4, CURRENT_TIMESTAMP), (5, CURRENT_TIMESTAMP)");
            }

            assertThat(TestEvents.outboxDepth(db.dataSource()))
                    .as("after the migration")
                    .isEqualTo(2);
            assertThat(deliveredThrough(db)).isEqualTo(3);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void anEmptyOutboxMeansEveryEventWasDelivered(TestDatabase db) throws Exception {
        try (db;
                Connection c = connect(db)) {
            migrateToVersion4(db);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO event_log (id, event_type, payload, created_at)"
                        + " VALUES (7, 'micrograph.created', '{}', CURRENT_TIMESTAMP)");
            }

            assertThat(TestEvents.outboxDepth(db.dataSource())).isZero();
            assertThat(deliveredThrough(db)).isEqualTo(7);
        }
    }

    private static void migrateToVersion4(TestDatabase db) {
        Flyway.configure()
                .dataSource(db.jdbcUrl(), db.user(), db.password())
                .locations("classpath:db/migration")
                .target("4")
                .load()
                .migrate();
    }

    private static Connection connect(TestDatabase db) throws SQLException {
        return DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
    }

    private static long deliveredThrough(TestDatabase db) throws SQLException {
        try (Connection c = db.dataSource().getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT delivered_through FROM outbox_cursor")) {
            assertThat(rs.next()).isTrue();
            long value = rs.getLong(1);
            assertThat(rs.next()).as("one row").isFalse();
            return value;
        }
    }
}
