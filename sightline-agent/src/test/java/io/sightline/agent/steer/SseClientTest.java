package io.sightline.agent.steer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sightline.agent.client.BackendClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SseClientTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final RawSseEndpoint endpoint = newEndpoint();
    private final List<SseEvent> events = new CopyOnWriteArrayList<>();
    private final List<String> closes = new CopyOnWriteArrayList<>();
    private SseClient client;

    private static RawSseEndpoint newEndpoint() {
        try {
            return new RawSseEndpoint();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private SseClient start(Duration silence, Duration healthyAfter) {
        BackendClient backend = new BackendClient(endpoint.base(), "tok-1", Duration.ofSeconds(5));
        SseListener listener = new SseListener() {
            @Override
            public void onEvent(SseEvent event) {
                events.add(event);
            }

            @Override
            public void onClosed(String reason, Duration retryIn) {
                closes.add(reason);
            }
        };
        client = new SseClient(
                        (last, handler) -> backend.openInstructionStream("krios 1", "s-1", last, handler),
                        listener,
                        new Backoff(Duration.ofMillis(10), Duration.ofMillis(50)),
                        silence,
                        healthyAfter,
                        () -> 0.5,
                        "test-sse")
                .start();
        return client;
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        endpoint.close();
    }

    @Test
    void reconnectsWhenTheServerEndsTheStreamAndSendsTheLastEventId() {
        endpoint.then(
                        RawSseEndpoint.events(
                                "event: instruction\nid: a1\ndata: {\"n\":1}\n\nid: a2\nevent: instruction\ndata: {\"n\":2}\n\n"))
                .then(endpoint.eventsThenSilence("event: instruction\nid: b1\ndata: {\"n\":3}\n\n"));
        start(Duration.ofSeconds(30), Duration.ofSeconds(10));

        await().atMost(WAIT).until(() -> events.size() == 3);
        assertThat(events).extracting(SseEvent::id).containsExactly("a1", "a2", "b1");
        assertThat(endpoint.requests).hasSize(2);
        assertThat(endpoint.requests.get(0).getFirst("Last-Event-ID")).isNull();
        assertThat(endpoint.requests.get(1).getFirst("Last-Event-ID")).isEqualTo("a2");
        assertThat(endpoint.requests.get(1).getFirst("Accept")).isEqualTo("text/event-stream");
        assertThat(endpoint.requests.get(1).getFirst("Authorization")).isEqualTo("Bearer tok-1");
        assertThat(closes.get(0)).contains("ended by the server");
        assertThat(client.connections()).isEqualTo(2);
    }

    @Test
    void silenceLongerThanTheTimeoutIsTreatedAsADeadConnection() {
        endpoint.then(endpoint.eventsThenSilence("id: x1\ndata: first\n\n"))
                .then(endpoint.eventsThenSilence("id: x2\ndata: second\n\n"));
        start(Duration.ofMillis(300), Duration.ofSeconds(10));

        await().atMost(WAIT).until(() -> events.size() == 2);
        assertThat(closes.get(0)).contains("silent for over 300 ms");
        assertThat(endpoint.requests.get(1).getFirst("Last-Event-ID")).isEqualTo("x1");
    }

    @Test
    void commentsCountAsLifeSoAPingingStreamIsNotDropped() throws Exception {
        CountDownLatch gone = new CountDownLatch(1);
        endpoint.then(RawSseEndpoint.eventsThenPings("data: hello\n\n", gone));
        start(Duration.ofMillis(300), Duration.ofSeconds(10));

        await().atMost(WAIT).until(() -> events.size() == 1);
        // well past three silence timeouts: a client that ignored the pings would have reconnected
        await().during(Duration.ofMillis(1000)).atMost(WAIT).until(() -> closes.isEmpty());
        assertThat(endpoint.requests).hasSize(1);

        client.close();
        assertThat(gone.await(10, TimeUnit.SECONDS))
                .as("close cut the connection")
                .isTrue();
    }

    @Test
    void aRefusedStreamIsRetriedWithTheReason() {
        endpoint.then(RawSseEndpoint.refuse(404, "{\"title\":\"Not Found\",\"detail\":\"unknown session s-1\"}"))
                .then(endpoint.eventsThenSilence("data: ok\n\n"));
        start(Duration.ofSeconds(30), Duration.ofSeconds(10));

        await().atMost(WAIT).until(() -> events.size() == 1);
        assertThat(closes.get(0)).startsWith("refused: 404").contains("unknown session s-1");
        assertThat(client.connections()).isEqualTo(1);
    }

    @Test
    void aStreamThatIsNotAnEventStreamIsRefused() {
        endpoint.then(exchange -> {
                    exchange.getResponseHeaders().set("Content-Type", "text/html");
                    exchange.sendResponseHeaders(200, 2);
                    exchange.getResponseBody().write("hi".getBytes());
                })
                .then(endpoint.eventsThenSilence("data: ok\n\n"));
        start(Duration.ofSeconds(30), Duration.ofSeconds(10));

        await().atMost(WAIT).until(() -> events.size() == 1);
        assertThat(closes.get(0)).contains("not text/event-stream");
        assertThat(events).extracting(SseEvent::data).containsExactly("ok");
    }
}
