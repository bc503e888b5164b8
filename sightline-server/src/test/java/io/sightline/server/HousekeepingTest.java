package io.sightline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sightline.server.testing.BothDatabases;
import io.sightline.server.testing.MutableClock;
import io.sightline.server.testing.TestDatabase;
import io.sightline.server.testing.TestEvents;
import io.sightline.server.testing.TestServer;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/** Idempotency keys and events are kept for their retention, then deleted by the server's housekeeping. */
class HousekeepingTest {

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void oldKeysAndEventsAreDeletedYoungKeysAndTheNewestEventStay(TestDatabase db) throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        try (TestServer server = TestServer.start(db, c -> c, b -> b.clock(clock))) {
            String acquisition = UUID.randomUUID().toString();
            assertThat(ingest(server, "k-old", acquisition, "first").status()).isEqualTo(200);
            clock.advance(Duration.ofDays(8));
            assertThat(ingest(server, "k-young", acquisition, "second").status())
                    .isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> TestEvents.outboxDepth(db.dataSource()) == 0);

            Housekeeping.Pass week = server.running().housekeeping().runOnce();

            assertThat(week.ingestKeys()).isEqualTo(1);
            assertThat(week.events()).as("no event is 30 days old yet").isZero();
            assertThat(ingest(server, "k-old", acquisition, "first").header("Idempotent-Replayed"))
                    .as("a forgotten key runs again")
                    .isNull();
            assertThat(ingest(server, "k-young", acquisition, "second").header("Idempotent-Replayed"))
                    .isEqualTo("true");

            clock.advance(Duration.ofDays(31));
            await().atMost(Duration.ofSeconds(10)).until(() -> TestEvents.outboxDepth(db.dataSource()) == 0);
            long published = count(db, "event_log");
            long newest = max(db);

            Housekeeping.Pass month = server.running().housekeeping().runOnce();

            assertThat(month.events()).as("all but the newest").isEqualTo(published - 1);
            assertThat(count(db, "event_log")).isEqualTo(1);
            assertThat(max(db)).isEqualTo(newest);
        }
    }

    private static TestServer.Response ingest(TestServer server, String key, String acquisition, String name) {
        return server.send(HttpRequest.newBuilder(server.uri("/api/v1/ingest"))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(TestServer.toJson(
                        Map.of("items", List.of(Map.of("kind", "acquisition", "uuid", acquisition, "name", name)))))));
    }

    private static long count(TestDatabase db, String table) throws SQLException {
        return single(db, "SELECT COUNT(*) FROM " + table);
    }

    private static long max(TestDatabase db) throws SQLException {
        return single(db, "SELECT MAX(id) FROM event_log");
    }

    private static long single(TestDatabase db, String sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
