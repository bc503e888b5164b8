package io.sightline.cli.server;

import static io.sightline.cli.server.ServerProcess.item;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sightline.server.testing.SseRecorder;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A 2xx means durable: the real server process, SIGKILLed at random moments while two clients ingest
 * micrographs and a third follows the event stream, {@value #KILLS} times on the same database, then
 * started once more. The ingest clients send a batch left without an answer again after the restart,
 * with its idempotency key, as the agent does. Every micrograph the server answered 200 for is stored,
 * each micrograph has one {@code micrograph.created} event; every event id the
 * stream client saw still names the same event (ids never go backwards or repeat); and the stream
 * client, resuming after each restart with {@code Last-Event-ID}, has received exactly the events of
 * the log, never a {@code replay-truncated}. On the embedded H2 and on PostgreSQL.
 *
 * <p>The seed of the random moments is printed in every failure; {@code -Dsightline.crash.seed=N}
 * repeats a run.
 */
class ServerCrashTest {
    static final int KILLS = 10;
    private static final int MICROGRAPHS_PER_BATCH = 40;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String acquisition = UUID.randomUUID().toString();
    private final String grid = UUID.randomUUID().toString();
    private final String square = UUID.randomUUID().toString();
    private final String hole = UUID.randomUUID().toString();
    /** Micrographs the server acknowledged (uuid → micrograph_id). */
    private final Map<String, String> acknowledged = new ConcurrentHashMap<>();
    /** Every event the stream client received, by id. */
    private final Map<Long, SseRecorder.Message> seen = new LinkedHashMap<>();

    /** Batches sent without an answer (the server died under them): sent again after the restart, as the agent does. */
    private final Queue<Batch> unanswered = new ConcurrentLinkedQueue<>();

    private long lastSeen;

    /** One ingest request: its idempotency key and items. */
    private record Batch(String key, List<Map<String, Object>> items) {
        Batch(List<Map<String, Object>> items) {
            this(UUID.randomUUID().toString(), items);
        }
    }

    static Stream<Arguments> stores() {
        return Stream.of(Arguments.of("H2"), Arguments.of("PostgreSQL"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void everyAcknowledgedWriteAndEverySeenEventSurvivesRepeatedKills(String engine) throws Exception {
        long seed = Long.getLong("sightline.crash.seed", System.nanoTime());
        Random random = new Random(seed);
        Path dataDir = temp.resolve("data");
        ServerProcess.Store store =
                engine.equals("H2") ? ServerProcess.Store.h2(dataDir) : ServerProcess.Store.postgres(dataDir);
        String context = engine + ", seed " + seed;
        try (AutoCloseable dropSchema = store.postgres() == null ? () -> {} : store.postgres()) {
            for (int round = 1; round <= KILLS; round++) {
                try (ServerProcess server = ServerProcess.start(store, temp.resolve("server-" + round + ".log"))) {
                    if (round == 1) {
                        assertThat(ingest(server, new Batch(parents())))
                                .as(context)
                                .isTrue();
                    }
                    SseRecorder stream = follow(server);
                    for (Batch again; (again = unanswered.poll()) != null; ) {
                        assertThat(ingest(server, again)).as(context).isTrue();
                    }
                    AtomicInteger acked = new AtomicInteger();
                    List<Thread> clients = new ArrayList<>();
                    for (int c = 0; c < 2; c++) {
                        clients.add(Thread.ofVirtual().start(() -> ingestUntilRefused(server, acked)));
                    }
                    int killAfter = 1 + random.nextInt(6);
                    await().atMost(Duration.ofSeconds(120)).until(() -> acked.get() >= killAfter);
                    // a random moment inside whatever request is in flight now
                    LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(random.nextInt(20_000)));
                    server.kill();
                    for (Thread client : clients) {
                        client.join();
                    }
                    stream.awaitEnd(Duration.ofSeconds(30));
                    record(stream, context + ", round " + round);
                }
            }
            try (ServerProcess server = ServerProcess.start(store, temp.resolve("server-last.log"))) {
                SseRecorder stream = follow(server);
                String marker = UUID.randomUUID().toString();
                for (Batch again; (again = unanswered.poll()) != null; ) {
                    assertThat(ingest(server, again)).as(context).isTrue();
                }
                assertThat(ingest(server, new Batch(List.of(micrograph(marker)))))
                        .as(context)
                        .isTrue();
                await().atMost(Duration.ofSeconds(60))
                        .until(() ->
                                stream.events().stream().anyMatch(m -> m.data().contains(marker)));
                stream.close();
                record(stream, context + ", after the last restart");
                server.kill();
            }
            try (Connection connection = store.connect()) {
                assertDurable(connection, context);
            }
        }
    }

    private void assertDurable(Connection connection, String context) throws SQLException {
        Map<String, String> stored = new HashMap<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT uuid, micrograph_id FROM micrograph")) {
            while (rows.next()) {
                stored.put(rows.getString(1), rows.getString(2));
            }
        }
        assertThat(acknowledged).as(context + ": acknowledged micrographs").isNotEmpty();
        assertThat(stored)
                .as(context + ": every acknowledged micrograph is stored")
                .containsAllEntriesOf(acknowledged);
        assertThat(Set.copyOf(stored.values()))
                .as(context + ": no micrograph twice")
                .hasSize(stored.size());
        Map<Long, SseRecorder.Message> log = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT id, event_type, payload FROM event_log ORDER BY id")) {
            while (rows.next()) {
                log.put(
                        rows.getLong(1),
                        new SseRecorder.Message(rows.getString(1), rows.getString(2), rows.getString(3)));
            }
        }
        Map<String, Long> created = new HashMap<>();
        log.values().stream()
                .filter(event -> event.event().equals("micrograph.created"))
                .forEach(event -> created.merge(uuidOf(event), 1L, Long::sum));
        assertThat(created)
                .as(context + ": one micrograph.created per stored micrograph, none twice after a retried batch")
                .containsOnlyKeys(stored.keySet())
                .allSatisfy((uuid, count) -> assertThat(count).isOne());
        assertThat(seen)
                .as(context + ": every event id the client saw names the same event, and the client resuming"
                        + " with Last-Event-ID after each crash received every event of the log")
                .containsExactlyEntriesOf(log);
    }

    private static String uuidOf(SseRecorder.Message event) {
        try {
            return JSON.readTree(event.data()).get("uuid").asText();
        } catch (IOException e) {
            throw new IllegalStateException("event " + event.id() + " has no JSON payload: " + event.data(), e);
        }
    }

    /** Adds what a stream received to {@link #seen}: ids only ever grow, and no replay was cut short. */
    private void record(SseRecorder stream, String context) {
        assertThat(stream.messages())
                .as(context + ": a resuming client is never told it missed events")
                .noneMatch(m -> m.event().equals("replay-truncated"));
        for (SseRecorder.Message message : stream.events()) {
            long id = Long.parseLong(message.id());
            assertThat(id).as(context + ": event ids only grow").isGreaterThan(lastSeen);
            seen.put(id, message);
            lastSeen = id;
        }
    }

    private SseRecorder follow(ServerProcess server) throws IOException, InterruptedException {
        SseRecorder stream =
                SseRecorder.open(server.uri("/api/v1/events/stream"), Map.of("Last-Event-ID", Long.toString(lastSeen)));
        assertThat(stream.status()).isEqualTo(200);
        return stream;
    }

    /** Sends batches of new micrographs until the server is gone; counts the acknowledged batches. */
    private void ingestUntilRefused(ServerProcess server, AtomicInteger acked) {
        while (true) {
            List<Map<String, Object>> items = new ArrayList<>();
            for (int i = 0; i < MICROGRAPHS_PER_BATCH; i++) {
                items.add(micrograph(UUID.randomUUID().toString()));
            }
            Batch batch = new Batch(items);
            try {
                if (!ingest(server, batch)) {
                    unanswered.add(batch);
                    return;
                }
            } catch (IOException e) {
                // the server was killed: this batch has no answer, so it is not acknowledged
                unanswered.add(batch);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            acked.incrementAndGet();
        }
    }

    /** Posts one ingest batch; true (and its micrographs recorded as acknowledged) on a 2xx. */
    private boolean ingest(ServerProcess server, Batch batch) throws IOException, InterruptedException {
        List<Map<String, Object>> items = batch.items();
        HttpRequest request = HttpRequest.newBuilder(server.uri("/api/v1/ingest"))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", batch.key())
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("items", items))))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            assertThat(response.statusCode())
                    .as("only a stopping server may refuse: " + response.body())
                    .isEqualTo(503);
            return false;
        }
        JsonNode results = JSON.readTree(response.body()).get("results");
        assertThat(results).as(response.body()).hasSize(items.size());
        for (Map<String, Object> item : items) {
            if (item.get("kind").equals("micrograph")) {
                acknowledged.put((String) item.get("uuid"), (String) item.get("micrograph_id"));
            }
        }
        return true;
    }

    private List<Map<String, Object>> parents() {
        return List.of(
                item("kind", "acquisition", "uuid", acquisition, "name", "crash"),
                item("kind", "grid", "uuid", grid, "acquisition_uuid", acquisition, "name", "Grid_1"),
                item("kind", "gridsquare", "uuid", square, "grid_uuid", grid, "gridsquare_id", "1001"),
                item("kind", "foilhole", "uuid", hole, "gridsquare_uuid", square, "foilhole_id", "7"));
    }

    private Map<String, Object> micrograph(String uuid) {
        return item("kind", "micrograph", "uuid", uuid, "foilhole_uuid", hole, "micrograph_id", "M-" + uuid);
    }
}
