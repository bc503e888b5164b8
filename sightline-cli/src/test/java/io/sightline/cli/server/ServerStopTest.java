package io.sightline.cli.server;

import static io.sightline.cli.server.ServerProcess.item;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sightline.server.testing.SseRecorder;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An orderly stop: {@code sightline server} as its own process gets SIGTERM while three clients ingest
 * without pause. Every request gets a 2xx (and what it wrote is stored) or is refused (503 while the
 * server drains, or no connection once it has stopped), never a 500; the event stream ends with its
 * {@code shutdown} event; the process exits 0. On the embedded H2 (whose own shutdown hook used to
 * close the database under the draining requests) and on PostgreSQL.
 */
class ServerStopTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String hole = UUID.randomUUID().toString();
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();

    @ParameterizedTest
    @ValueSource(strings = {"H2", "PostgreSQL"})
    void sigtermDuringIngestDrainsEveryRequestEndsTheStreamsAndExitsZero(String engine) throws Exception {
        Path dataDir = temp.resolve("data");
        ServerProcess.Store store =
                engine.equals("H2") ? ServerProcess.Store.h2(dataDir) : ServerProcess.Store.postgres(dataDir);
        try (AutoCloseable dropSchema = store.postgres() == null ? () -> {} : store.postgres()) {
            stopDuringIngest(store);
            assertStored(store);
        }
    }

    private void stopDuringIngest(ServerProcess.Store store) throws Exception {
        try (ServerProcess server = ServerProcess.start(store, temp.resolve("server.log"))) {
            String acquisition = UUID.randomUUID().toString();
            String grid = UUID.randomUUID().toString();
            String square = UUID.randomUUID().toString();
            assertThat(ingest(
                            server,
                            List.of(
                                    item("kind", "acquisition", "uuid", acquisition, "name", "stop"),
                                    item("kind", "grid", "uuid", grid, "acquisition_uuid", acquisition, "name", "G"),
                                    item("kind", "gridsquare", "uuid", square, "grid_uuid", grid, "gridsquare_id", "1"),
                                    item(
                                            "kind",
                                            "foilhole",
                                            "uuid",
                                            hole,
                                            "gridsquare_uuid",
                                            square,
                                            "foilhole_id",
                                            "7"))))
                    .isTrue();
            SseRecorder stream = SseRecorder.open(server.uri("/api/v1/events/stream"));
            AtomicInteger acked = new AtomicInteger();
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < 3; c++) {
                clients.add(Thread.ofVirtual().start(() -> ingestUntilRefused(server, acked)));
            }
            await().atMost(Duration.ofSeconds(120)).until(() -> acked.get() >= 5);

            int exit = server.terminate();

            for (Thread client : clients) {
                client.join();
            }
            assertThat(exit)
                    .as("exit code after SIGTERM; the log:\n" + server.log())
                    .isZero();
            assertThat(statuses.keySet())
                    .as("answers during the stop (status -> count): " + statuses)
                    .allSatisfy(status ->
                            assertThat(status / 100 == 2 || status == 503).isTrue());
            assertThat(stream.awaitEnd(Duration.ofSeconds(30))).isTrue();
            assertThat(stream.messages().getLast().event()).isEqualTo("shutdown");
        }
    }

    private void assertStored(ServerProcess.Store store) throws Exception {
        Set<String> stored = new HashSet<>();
        try (Connection connection = store.connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT uuid FROM micrograph")) {
            while (rows.next()) {
                stored.add(rows.getString(1));
            }
        }
        assertThat(stored).as("every acknowledged micrograph is stored").containsAll(acknowledged);
    }

    private void ingestUntilRefused(ServerProcess server, AtomicInteger acked) {
        try {
            while (true) {
                List<Map<String, Object>> items = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    String uuid = UUID.randomUUID().toString();
                    items.add(item("kind", "micrograph", "uuid", uuid, "foilhole_uuid", hole, "micrograph_id", uuid));
                }
                if (!ingest(server, items)) {
                    return;
                }
                acked.incrementAndGet();
            }
        } catch (IOException e) {
            // refused: the server has stopped listening
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Posts a batch; true on a 2xx (its micrographs then count as acknowledged). */
    private boolean ingest(ServerProcess server, List<Map<String, Object>> items)
            throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(server.uri("/api/v1/ingest"))
                        .header("Content-Type", "application/json")
                        .header("Idempotency-Key", UUID.randomUUID().toString())
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("items", items))))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        statuses.computeIfAbsent(response.statusCode(), s -> new AtomicInteger())
                .incrementAndGet();
        if (response.statusCode() / 100 != 2) {
            return false;
        }
        items.stream()
                .filter(item -> item.get("kind").equals("micrograph"))
                .forEach(item -> acknowledged.add((String) item.get("uuid")));
        return true;
    }
}
