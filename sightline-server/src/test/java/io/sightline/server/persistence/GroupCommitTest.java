package io.sightline.server.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.sightline.server.events.Event;
import io.sightline.server.testing.BothDatabases;
import io.sightline.server.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Writes that queue up behind a running one commit together, in one transaction: each keeps its own
 * outcome (a failing one is rolled back alone), and events stay in id order.
 */
class GroupCommitTest {

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void queuedWritesCommitTogetherAFailingOneAloneIsRolledBackAndEventsKeepTheirOrder(TestDatabase db)
            throws Exception {
        try (db) {
            Database database = db.open();
            List<List<Event>> deliveries = new CopyOnWriteArrayList<>();
            WriteTransactions transactions = new WriteTransactions(database, deliveries::add, Clock.systemUTC());
            CountDownLatch release = new CountDownLatch(1);
            try (ExecutorService pool = Executors.newFixedThreadPool(9)) {
                Future<String> first = pool.submit(() -> transactions.write(tx -> {
                    tx.emit("test.first", null, "first", "{}");
                    await().until(() -> release.getCount() == 0);
                    return "first";
                }));
                await().until(() -> deliveries.isEmpty() && first.state() == Future.State.RUNNING);
                List<Future<String>> queued = new ArrayList<>();
                List<Thread> waiting = new CopyOnWriteArrayList<>();
                for (int i = 0; i < 8; i++) {
                    int n = i;
                    queued.add(pool.submit(() -> {
                        waiting.add(Thread.currentThread());
                        return transactions.write(tx -> {
                            tx.emit("test.queued", null, "w" + n, "{}");
                            try (Statement s = tx.connection().createStatement()) {
                                s.executeUpdate(
                                        "INSERT INTO ingest_request (idempotency_key, body_sha256, response, created_at)"
                                                + " VALUES ('k" + n + "', 'x', 'y', CURRENT_TIMESTAMP)");
                            }
                            if (n == 3) {
                                throw new DataException.Invalid("w3", "this one fails");
                            }
                            return "w" + n;
                        });
                    }));
                }
                await().until(() ->
                        waiting.size() == 8 && waiting.stream().allMatch(t -> t.getState() == Thread.State.WAITING));
                release.countDown();

                assertThat(first.get()).isEqualTo("first");
                for (int i = 0; i < 8; i++) {
                    Future<String> f = queued.get(i);
                    if (i == 3) {
                        assertThatThrownBy(f::get).hasCauseInstanceOf(DataException.Invalid.class);
                    } else {
                        assertThat(f.get()).isEqualTo("w" + i);
                    }
                }
            }
            assertThat(deliveries)
                    .as("the first write, then one group for the eight queued behind it")
                    .hasSize(2);
            assertThat(deliveries.get(1))
                    .extracting(Event::entityUuid)
                    .hasSize(7)
                    .doesNotContain("w3");
            List<Long> ids =
                    deliveries.stream().flatMap(List::stream).map(Event::id).toList();
            assertThat(ids).isSorted().doesNotHaveDuplicates();
            assertThat(rows(database, "SELECT COUNT(*) FROM event_log")).isEqualTo(8);
            assertThat(rows(database, "SELECT COUNT(*) FROM ingest_request"))
                    .as("w3's row went with it")
                    .isEqualTo(7);
            assertThat(rows(database, "SELECT COUNT(*) FROM ingest_request WHERE idempotency_key = 'k3'"))
                    .isZero();
        }
    }

    private static long rows(Database database, String sql) throws Exception {
        try (Connection c = database.dataSource().getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
