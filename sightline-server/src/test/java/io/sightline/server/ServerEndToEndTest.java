package io.sightline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import io.sightline.server.auth.Role;
import io.sightline.server.auth.StartupSecurityCheck;
import io.sightline.server.auth.TokenStore;
import io.sightline.server.testing.BothDatabases;
import io.sightline.server.testing.Broker;
import io.sightline.server.testing.SseRecorder;
import io.sightline.server.testing.TestDatabase;
import io.sightline.server.testing.TestServer;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * The server as the CLI starts it ({@code ServerApp.builder(config).build().start()}), over real HTTP
 * on a free port: data written through the API reaches the SSE streams (with replay on reconnect), the
 * SmartEM-compatible stream, RabbitMQ and /metrics; authentication and the start-up refusal hold.
 */
class ServerEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(15);

    /** An acquisition, a grid and a grid square through the SmartEM routes; returns their uuids. */
    private record Chain(String acquisition, String grid, String square) {
        static Chain create(TestServer s, String token) {
            Chain c = new Chain(
                    UUID.randomUUID().toString(),
                    UUID.randomUUID().toString(),
                    UUID.randomUUID().toString());
            assertThat(s.postAs(
                                    token,
                                    "/acquisitions",
                                    Map.of("uuid", c.acquisition, "name", "session 1", "status", "started"))
                            .status())
                    .isEqualTo(201);
            assertThat(s.postAs(
                                    token,
                                    "/acquisitions/" + c.acquisition + "/grids",
                                    Map.of("uuid", c.grid, "name", "Grid_1", "acquisition_uuid", c.acquisition))
                            .status())
                    .isEqualTo(201);
            assertThat(s.postAs(
                                    token,
                                    "/grids/" + c.grid + "/gridsquares",
                                    Map.of("uuid", c.square, "gridsquare_id", "1001", "grid_uuid", c.grid))
                            .status())
                    .isEqualTo(201);
            return c;
        }
    }

    /** An ingest batch of two foil holes and a micrograph under {@code square}. */
    private static TestServer.Response ingest(TestServer s, String token, String square) {
        String hole1 = UUID.randomUUID().toString();
        String hole2 = UUID.randomUUID().toString();
        List<Map<String, Object>> items = new ArrayList<>();
        items.add(item("kind", "foilhole", "uuid", hole1, "gridsquare_uuid", square, "foilhole_id", "7"));
        items.add(item("kind", "foilhole", "uuid", hole2, "gridsquare_uuid", square, "foilhole_id", "8"));
        items.add(item(
                "kind",
                "micrograph",
                "uuid",
                UUID.randomUUID().toString(),
                "foilhole_uuid",
                hole1,
                "micrograph_id",
                "Data_1"));
        HttpRequest.Builder request = HttpRequest.newBuilder(s.uri("/api/v1/ingest"))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString(TestServer.toJson(Map.of("items", items))));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return s.send(request);
    }

    private static Map<String, Object> item(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    private static final List<String> CHAIN_AND_INGEST = List.of(
            "acquisition.created",
            "grid.created",
            "gridsquare.created",
            "foilhole.created",
            "foilhole.created",
            "micrograph.created");

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void writesReachTheStreamInOrderWithIdsAndAReconnectReplaysWhatWasMissed(TestDatabase db) throws Exception {
        try (TestServer s = TestServer.start(db)) { // loopback, no tokens: open (the local demo)
            String acquisition = UUID.randomUUID().toString();
            SseRecorder stream = SseRecorder.open(s.uri("/api/v1/events/stream?acquisition=" + acquisition));
            SseRecorder frontend = SseRecorder.open(s.uri("/frontend/events/stream?acquisition_uuid=" + acquisition));
            SseRecorder other = SseRecorder.open(s.uri("/api/v1/events/stream?acquisition=" + UUID.randomUUID()));
            assertThat(stream.status()).isEqualTo(200);
            await().atMost(WAIT).until(() -> s.running().sseHub().clientCount() == 3);

            Chain c = new Chain(
                    acquisition, UUID.randomUUID().toString(), UUID.randomUUID().toString());
            assertThat(s.post("/acquisitions", Map.of("uuid", acquisition, "name", "session 1"))
                            .status())
                    .isEqualTo(201);
            assertThat(s.post(
                                    "/acquisitions/" + acquisition + "/grids",
                                    Map.of("uuid", c.grid(), "name", "Grid_1", "acquisition_uuid", acquisition))
                            .status())
                    .isEqualTo(201);
            assertThat(s.post(
                                    "/grids/" + c.grid() + "/gridsquares",
                                    Map.of("uuid", c.square(), "gridsquare_id", "1001", "grid_uuid", c.grid()))
                            .status())
                    .isEqualTo(201);
            TestServer.Response batch = ingest(s, null, c.square());
            assertThat(batch.status()).as(batch.body()).isEqualTo(200);

            await().atMost(WAIT).until(() -> stream.events().size() == CHAIN_AND_INGEST.size());
            assertThat(stream.events())
                    .extracting(SseRecorder.Message::event)
                    .containsExactlyElementsOf(CHAIN_AND_INGEST);
            List<Long> ids = stream.eventIds();
            assertThat(ids).isSorted().doesNotHaveDuplicates();
            JsonNode created = JSON.readTree(stream.events().getFirst().data());
            assertThat(created.path("uuid").asText()).isEqualTo(acquisition);
            // the SmartEM-compatible stream: the same SmartEM-named events with the same ids
            await().atMost(WAIT).until(() -> frontend.events().size() == CHAIN_AND_INGEST.size());
            assertThat(frontend.events())
                    .extracting(SseRecorder.Message::event)
                    .containsExactlyElementsOf(CHAIN_AND_INGEST);
            assertThat(frontend.eventIds()).isEqualTo(ids);
            assertThat(other.events()).isEmpty();

            // a client that saw only the first two events reconnects and gets exactly the rest, then live ones
            stream.close();
            SseRecorder resumed = SseRecorder.open(
                    s.uri("/api/v1/events/stream?acquisition=" + acquisition),
                    Map.of("Last-Event-ID", Long.toString(ids.get(1))));
            await().atMost(WAIT).until(() -> resumed.events().size() == ids.size() - 2);
            assertThat(resumed.eventIds()).isEqualTo(ids.subList(2, ids.size()));
            assertThat(s.put("/acquisitions/" + acquisition, Map.of("name", "renamed"))
                            .status())
                    .isEqualTo(200);
            await().atMost(WAIT).until(() -> resumed.events().size() == ids.size() - 1);
            assertThat(resumed.events().getLast().event()).isEqualTo("acquisition.updated");
            assertThat(resumed.eventIds()).isSorted().doesNotHaveDuplicates();

            // after all this traffic the metrics count requests, streams and the (drained) outbox
            await().atMost(WAIT).until(() -> s.running().outbox().depth() == 0);
            String metrics = s.get("/metrics").body(); // open server: no credentials needed
            assertThat(metrics)
                    .contains(
                            "http_server_requests_seconds_count{method=\"POST\",route=\"/acquisitions\",status=\"201\"} 1")
                    .contains(
                            "http_server_requests_seconds_count{method=\"POST\",route=\"/api/v1/ingest\",status=\"200\"} 1")
                    .containsPattern("sightline_sse_clients [34]\\.?0?\\n") // the closed stream may not be noticed yet
                    .contains("sightline_outbox_depth 0")
                    .contains("sightline_outbox_published_total 7")
                    .contains("sightline_events_committed_total{type=\"foilhole.created\"} 2");

            // shutdown: every open stream gets its final event
            s.close();
            for (SseRecorder r : List.of(resumed, frontend, other)) {
                assertThat(r.awaitEnd(WAIT)).isTrue();
                assertThat(r.messages().getLast().event()).isEqualTo("shutdown");
            }
        }
    }

    @Test
    void withAnAmqpUriTheEventsArriveOnTheSightlineExchangeInOrder() throws Exception {
        Broker.assumeReachable();
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(Broker.uri(Broker.PORT));
        try (Connection connection = factory.newConnection("sightline-e2e-consumer");
                Channel channel = connection.createChannel()) {
            // our own temporary queue on the server's exchange (declared exactly as AmqpEventBus declares it)
            channel.exchangeDeclare("sightline.events", BuiltinExchangeType.TOPIC, true);
            String queue = channel.queueDeclare("", false, true, true, null).getQueue();
            channel.queueBind(queue, "sightline.events", "#");

            try (TestServer s =
                    TestServer.start(TestDatabase.h2(), c -> c.withAmqpUri(Broker.uri(Broker.PORT)), b -> b)) {
                Chain chain = Chain.create(s, null);
                assertThat(ingest(s, null, chain.square()).status()).isEqualTo(200);
                await().atMost(WAIT).until(() -> s.running().outbox().depth() == 0);

                List<GetResponse> mine = new ArrayList<>();
                await().atMost(WAIT).until(() -> {
                    GetResponse r;
                    while ((r = channel.basicGet(queue, true)) != null) {
                        Object acquisition = r.getProps().getHeaders() == null
                                ? null
                                : r.getProps().getHeaders().get("acquisition");
                        if (acquisition != null && acquisition.toString().equals(chain.acquisition())) {
                            mine.add(r);
                        }
                    }
                    return mine.size() >= CHAIN_AND_INGEST.size();
                });
                assertThat(mine)
                        .extracting(r -> r.getEnvelope().getRoutingKey())
                        .containsExactlyElementsOf(CHAIN_AND_INGEST);
                List<Long> ids = mine.stream()
                        .map(r -> Long.parseLong(r.getProps().getMessageId()))
                        .toList();
                assertThat(ids).isSorted().doesNotHaveDuplicates();
                assertThat(JSON.readTree(new String(mine.getFirst().getBody(), StandardCharsets.UTF_8))
                                .path("uuid")
                                .asText())
                        .isEqualTo(chain.acquisition());
                assertThat(s.get("/metrics").body()).contains("sightline_outbox_published_total 6");
            }
        }
    }

    @Test
    void boundBeyondLoopbackWithoutTokensOrOidcTheServerRefusesToStart() {
        TestDatabase db = TestDatabase.h2();
        try {
            assertThatThrownBy(() -> TestServer.start(db, c -> c.withBind("0.0.0.0"), b -> b))
                    .isInstanceOf(StartupSecurityCheck.InsecureStartupException.class)
                    .hasMessageContaining("refusing to listen on 0.0.0.0 without authentication")
                    .hasMessageContaining("sightline token create");
        } finally {
            db.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void withAuthenticationOnViewersReadAndStreamAgentsWriteAndEverythingElseIsRefused(TestDatabase db)
            throws Exception {
        TokenStore tokens = new TokenStore(db.dataSource()); // what `sightline token create` does before start
        String viewer = tokens.create("dashboard", Role.VIEWER).secret();
        String agent = tokens.create("krios-1", Role.AGENT).secret();
        String admin = tokens.create("ops", Role.ADMIN).secret();
        try (TestServer s = TestServer.start(db, c -> c.withRequireAuth(true), b -> b)) {
            // public
            assertThat(s.getAs(null, "/health").status()).isEqualTo(200);
            assertThat(s.getAs(null, "/openapi.json").status()).isEqualTo(200);
            // no token: 401 on data, streams, metrics, tokens, as problem+json with a Bearer challenge
            for (String path : List.of(
                    "/acquisitions",
                    "/api/v1/events/stream",
                    "/frontend/events/stream",
                    "/metrics",
                    "/api/v1/tokens")) {
                TestServer.Response r = s.getAs(null, path);
                assertThat(r.status()).as(path).isEqualTo(401);
                assertThat(r.contentType()).as(path).startsWith("application/problem+json");
                assertThat(r.json().path("status").asInt()).isEqualTo(401);
                assertThat(r.header("WWW-Authenticate")).startsWith("Bearer");
            }
            TestServer.Response anonymousWrite = s.postAs(
                    null, "/acquisitions", Map.of("uuid", UUID.randomUUID().toString()));
            assertThat(anonymousWrite.status()).isEqualTo(401);
            assertThat(ingest(s, null, UUID.randomUUID().toString()).status()).isEqualTo(401);

            String acquisition = UUID.randomUUID().toString();
            SseRecorder stream = SseRecorder.open(
                    s.uri("/api/v1/events/stream?acquisition=" + acquisition),
                    Map.of("Authorization", "Bearer " + viewer));
            assertThat(stream.status()).isEqualTo(200);
            // browsers' EventSource cannot send headers: the token may come as access_token
            SseRecorder browser = SseRecorder.open(
                    s.uri("/frontend/events/stream?acquisition_uuid=" + acquisition + "&access_token=" + viewer));
            assertThat(browser.status()).isEqualTo(200);
            await().atMost(WAIT).until(() -> s.running().sseHub().clientCount() == 2);

            // the viewer may not write (403 problem+json); the agent may
            TestServer.Response refused = s.postAs(viewer, "/acquisitions", Map.of("uuid", acquisition, "name", "s"));
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.json().path("detail").asText())
                    .contains("viewer")
                    .contains("agent");
            assertThat(ingest(s, viewer, UUID.randomUUID().toString()).status()).isEqualTo(403);
            assertThat(s.postAs(agent, "/acquisitions", Map.of("uuid", acquisition, "name", "s"))
                            .status())
                    .isEqualTo(201);
            await().atMost(WAIT)
                    .until(() -> stream.events().size() == 1 && browser.events().size() == 1);
            assertThat(stream.events().getFirst().event()).isEqualTo("acquisition.created");

            // the viewer reads; only the admin manages tokens
            assertThat(s.getAs(viewer, "/acquisitions/" + acquisition).status()).isEqualTo(200);
            assertThat(s.getAs(viewer, "/metrics").status()).isEqualTo(200);
            assertThat(s.getAs(agent, "/api/v1/tokens").status()).isEqualTo(403);
            assertThat(s.getAs(admin, "/api/v1/tokens").body())
                    .contains("krios-1")
                    .doesNotContain(agent);
            assertThat(s.getAs("sl_not-a-token", "/acquisitions").status()).isEqualTo(401);

            // refused requests are not left counted as in flight: shutdown does not wait out the grace period
            long start = System.nanoTime();
            s.close();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThat(stream.awaitEnd(WAIT)).isTrue();
            assertThat(stream.messages().getLast().event()).isEqualTo("shutdown");
            browser.close();
        }
    }

    @Test
    void requestBodiesAreBoundedOnEveryWriteRouteIncludingIngestAndTokens() {
        long limit = 2048;
        try (TestServer s = TestServer.start(TestDatabase.h2(), c -> c.withMaxBodyBytes(limit), b -> b)) {
            byte[] big = ("{\"items\":[{\"kind\":\"acquisition\",\"uuid\":\"" + UUID.randomUUID() + "\",\"name\":\""
                            + "x".repeat((int) limit) + "\"}]}")
                    .getBytes(StandardCharsets.UTF_8);
            for (String path : List.of("/api/v1/ingest", "/acquisitions", "/api/v1/tokens")) {
                // with a Content-Length, and chunked (no length: the limit holds while the body is read)
                TestServer.Response sized = s.send(HttpRequest.newBuilder(s.uri(path))
                        .header("Content-Type", "application/json")
                        .header("Idempotency-Key", UUID.randomUUID().toString())
                        .POST(HttpRequest.BodyPublishers.ofByteArray(big)));
                TestServer.Response chunked = s.send(HttpRequest.newBuilder(s.uri(path))
                        .header("Content-Type", "application/json")
                        .header("Idempotency-Key", UUID.randomUUID().toString())
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))));
                for (TestServer.Response r : List.of(sized, chunked)) {
                    assertThat(r.status()).as(path + " " + r.body()).isEqualTo(413);
                    assertThat(r.contentType()).as(path).startsWith("application/problem+json");
                    assertThat(r.json().path("status").asInt()).isEqualTo(413);
                }
            }
            assertThat(s.get("/acquisitions").json()).isEmpty();
        }
    }
}
