package io.sightline.server.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sightline.server.events.Event;
import io.sightline.server.testing.BothDatabases;
import io.sightline.server.testing.TestDatabase;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Upserts of several callers queued behind a running write are applied together, yet each caller gets
 * exactly what it would have got alone: its own results, its own conflict, its own all-or-nothing
 * failure with nothing of it stored.
 */
class GroupedUpsertsTest {
    private static final String ACQ = "00000000-0000-0000-0000-00000000000a";
    private static final String GRID = "00000000-0000-0000-0000-00000000000b";
    private static final String NO_GRID = "00000000-0000-0000-0000-0000000000ff";

    private static String squareUuid(int n) {
        return String.format("00000000-0000-0000-0001-%012d", n);
    }

    private static Upsert square(int n, String grid, String naturalId) {
        return Upsert.createOrUpdate(
                EntityKind.GRIDSQUARE,
                squareUuid(n),
                Map.of("grid_uuid", grid, "gridsquare_id", naturalId, "defocus", -1.5));
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void queuedUpsertsCommitTogetherEachWithItsOwnOutcome(TestDatabase db) throws Exception {
        try (db) {
            Database database = db.open();
            List<List<Event>> deliveries = new CopyOnWriteArrayList<>();
            WriteTransactions transactions = new WriteTransactions(database, deliveries::add, Clock.systemUTC());
            EntityStore store = new EntityStore(database, transactions, new EntityJson(new ObjectMapper()));
            store.upsert(List.of(
                    Upsert.createOrUpdate(EntityKind.ACQUISITION, ACQ, Map.of("name", "session")),
                    Upsert.createOrUpdate(EntityKind.GRID, GRID, Map.of("acquisition_uuid", ACQ, "name", "grid 1"))));
            deliveries.clear();

            CountDownLatch release = new CountDownLatch(1);
            try (ExecutorService pool = Executors.newFixedThreadPool(10)) {
                Future<?> blocker = pool.submit(() -> transactions.write(tx -> {
                    await().until(() -> release.getCount() == 0);
                    return null;
                }));
                await().until(() -> blocker.state() == Future.State.RUNNING);

                List<Thread> waiting = new CopyOnWriteArrayList<>();
                List<Future<UpsertResult>> singles = new ArrayList<>();
                for (int n = 1; n <= 5; n++) {
                    Upsert upsert = square(n, GRID, Integer.toString(n));
                    singles.add(pool.submit(queued(waiting, () -> store.upsertOne(upsert))));
                }
                // two callers claim natural id "dup" under two uuids: one square, the second uuid its alias
                Future<UpsertResult> dupA = pool.submit(queued(waiting, () -> store.upsertOne(square(6, GRID, "dup"))));
                Future<UpsertResult> dupB = pool.submit(queued(waiting, () -> store.upsertOne(square(7, GRID, "dup"))));
                // all or nothing: its valid square must not be stored, since its other one names no grid
                Future<List<UpsertResult>> allOrNothing = pool.submit(queued(
                        waiting,
                        () -> store.upsertAllOrNothing(List.of(square(8, GRID, "8"), square(9, NO_GRID, "9")))));
                await().until(() ->
                        waiting.size() == 8 && waiting.stream().allMatch(t -> t.getState() == Thread.State.WAITING));
                release.countDown();
                blocker.get();

                for (Future<UpsertResult> single : singles) {
                    assertThat(single.get().outcome()).isEqualTo(Outcome.CREATED);
                }
                assertThat(dupA.get().entity().uuid())
                        .isEqualTo(dupB.get().entity().uuid());
                assertThat(List.of(dupA.get().outcome(), dupB.get().outcome()))
                        .containsExactlyInAnyOrder(Outcome.CREATED, Outcome.UNCHANGED);
                assertThatThrownBy(allOrNothing::get)
                        .hasCauseInstanceOf(DataException.NotFound.class)
                        .hasMessageContaining(NO_GRID);
            }

            assertThat(store.listByParent(EntityKind.GRIDSQUARE, GRID))
                    .extracting(e -> (String) e.get("gridsquare_id"))
                    .containsExactlyInAnyOrder("1", "2", "3", "4", "5", "dup");
            assertThat(store.find(EntityKind.GRIDSQUARE, squareUuid(8)))
                    .as("all or nothing")
                    .isEmpty();
            assertThat(deliveries)
                    .as("the blocker wrote no event; the queued writes committed as one group")
                    .hasSize(1);
            assertThat(deliveries.getFirst())
                    .extracting(Event::type)
                    .containsOnly("gridsquare.created")
                    .hasSize(6);
            assertThat(deliveries.getFirst()).extracting(Event::id).isSorted().doesNotHaveDuplicates();
        }
    }

    private static <T> Callable<T> queued(List<Thread> waiting, Callable<T> write) {
        return () -> {
            waiting.add(Thread.currentThread());
            return write.call();
        };
    }

    private static boolean succeeded(Future<UpsertResult> future) {
        try {
            future.get();
            return true;
        } catch (ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
