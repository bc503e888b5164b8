package io.sightline.server.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sightline.server.ServerConfig;
import io.sightline.server.events.Event;
import io.sightline.server.events.ReplayWindow;
import io.sightline.server.testing.SseRecorder;
import io.sightline.server.testing.TestDatabase;
import io.sightline.server.testing.TestEvents;
import io.sightline.server.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SseHubTest {

    private static final String ACQ_A = "aaaaaaaa-0000-0000-0000-000000000001";
    private static final String ACQ_B = "bbbbbbbb-0000-0000-0000-000000000002";

    private TestDatabase db;
    private TestEvents events;
    private SseHub hub;
    private TestServer server;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    private void start(SseHub.Options options, ReplayWindow window) {
        db = TestDatabase.h2();
        events = new TestEvents(db.dataSource());
        // the hub ServerApp builds and routes, with these options and this replay window (the configured
        // queue made small enough for the window to be accepted; the hub takes its queue from options)
        server = TestServer.start(
                db,
                c -> c.withSseQueueSize(
                                (int) Math.min(c.sseQueueSize(), window.maxEvents() / ServerConfig.REPLAY_PER_QUEUE))
                        .withReplayWindow(window),
                b -> b.sseOptions(options));
        hub = server.running().sseHub();
    }

    private void start(SseHub.Options options) {
        start(options, ReplayWindow.DEFAULT);
    }

    /** Writes events as persistence does (log + outbox, commit), then tells the hub. */
    private List<Event> publish(List<Event> toWrite) {
        List<Event> written = events.write(toWrite);
        hub.committed(written);
        return written;
    }

    private Event publish(String type, String acquisition, String payload) {
        return publish(List.of(new Event(0, type, acquisition, null, Instant.now(), payload)))
                .getFirst();
    }

    private SseRecorder open(String pathAndQuery, Map<String, String> headers) throws Exception {
        SseRecorder r = SseRecorder.open(server.uri(pathAndQuery), headers);
        toClose.add(r);
        return r;
    }

    private SseRecorder open(String pathAndQuery) throws Exception {
        return open(pathAndQuery, Map.of());
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        if (server != null) {
            server.close(); // closes the hub first, as in production
        }
        if (db != null) {
            db.close();
        }
    }

    private void awaitClients(int n) {
        await().atMost(Duration.ofSeconds(10)).until(() -> hub.clientCount() == n);
    }

    @Test
    void eachEventIsCompleteOnTheWireWhenWrittenForAChunkStrictReader() throws Exception {
        // no heartbeat within the test: a write held back until the next one would never arrive
        start(new SseHub.Options(100, Duration.ofHours(1), 500, Duration.ofSeconds(5)));
        SseRecorder strict = SseRecorder.openChunkStrict(server.uri("/api/v1/events/stream"), Map.of());
        toClose.add(strict);
        SseRecorder frontend = SseRecorder.openChunkStrict(server.uri("/frontend/events/stream"), Map.of());
        toClose.add(frontend);
        awaitClients(2);
        assertThat(strict.status()).isEqualTo(200);
        for (int i = 1; i <= 3; i++) {
            Event e = publish("gridsquare.updated", ACQ_A, "{\"n\":" + i + "}");
            // each event arrives before the next is written: nothing waits for a later write
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> strict.eventIds().contains(e.id())
                            && frontend.eventIds().contains(e.id()));
        }
    }

    @Test
    void everyEventCarriesItsIdTypeAndPayloadAndClientsSeeOnlyWhatTheirFiltersSelect() throws Exception {
        start(SseHub.Options.DEFAULT);
        SseRecorder all = open("/api/v1/events/stream");
        SseRecorder byAcquisition = open("/api/v1/events/stream?acquisition=" + ACQ_A);
        SseRecorder byTypes = open("/api/v1/events/stream?types=gridsquare.updated,micrograph.created");
        SseRecorder frontend =
                open("/frontend/events/stream?acquisition_uuid=" + ACQ_A + "&event_types=gridsquare.updated");
        SseRecorder byAgent = open("/frontend/events/stream?agent_id=agent-7");
        awaitClients(5);
        assertThat(all.status()).isEqualTo(200);

        Event e1 = publish("acquisition.created", ACQ_A, "{\"uuid\":\"" + ACQ_A + "\"}");
        Event e2 = publish("gridsquare.updated", ACQ_A, "{\"n\":2}");
        Event e3 = publish("gridsquare.updated", ACQ_B, "{\"n\":3}");
        Event e4 = publish("micrograph.created", ACQ_B, "{\"n\":4}");
        Event e5 = publish("agent.status", null, "{\"agent_id\":\"agent-7\",\"status\":\"online\"}");

        await().atMost(Duration.ofSeconds(10)).until(() -> all.events().size() == 5);
        assertThat(all.events())
                .containsExactly(
                        new SseRecorder.Message(Long.toString(e1.id()), "acquisition.created", e1.payloadJson()),
                        new SseRecorder.Message(Long.toString(e2.id()), "gridsquare.updated", "{\"n\":2}"),
                        new SseRecorder.Message(Long.toString(e3.id()), "gridsquare.updated", "{\"n\":3}"),
                        new SseRecorder.Message(Long.toString(e4.id()), "micrograph.created", "{\"n\":4}"),
                        new SseRecorder.Message(Long.toString(e5.id()), "agent.status", e5.payloadJson()));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(byAcquisition.eventIds()).containsExactly(e1.id(), e2.id());
            assertThat(byTypes.eventIds()).containsExactly(e2.id(), e3.id(), e4.id());
            assertThat(frontend.eventIds()).containsExactly(e2.id());
            assertThat(byAgent.eventIds()).containsExactly(e5.id());
        });
    }

    @Test
    void multiLinePayloadsAreSentAsSeveralDataLines() throws Exception {
        start(SseHub.Options.DEFAULT);
        SseRecorder r = open("/api/v1/events/stream");
        awaitClients(1);
        Event e = publish("acquisition.updated", ACQ_A, "{\n  \"name\": \"x\"\n}");
        await().atMost(Duration.ofSeconds(5)).until(() -> r.events().size() == 1);
        assertThat(r.events().getFirst().data()).isEqualTo(e.payloadJson());
    }

    @Test
    void reconnectingWithLastEventIdReplaysTheMissedEventsThenGoesLiveWithNoGapAndNoDuplicate() throws Exception {
        // small pages and a small queue so that live events overtake the replay and overflow while catching up
        start(new SseHub.Options(64, Duration.ofSeconds(15), 7, Duration.ofSeconds(5)));
        SseRecorder first = open("/api/v1/events/stream?acquisition=" + ACQ_A);
        awaitClients(1);
        List<Event> before = publish(events(1, 20, ACQ_A));
        await().atMost(Duration.ofSeconds(10)).until(() -> first.events().size() == 20);
        first.close();
        // the server notices the closed stream at its next write

        List<Event> missed = publish(events(21, 120, ACQ_A));
        publish(events(121, 140, ACQ_B)); // filtered out
        long lastSeen = before.get(9).id(); // the client says it saw only the first 10

        List<Event> live = new ArrayList<>();
        Thread writer = Thread.ofVirtual().start(() -> {
            for (int i = 0; i < 60; i++) {
                live.addAll(publish(events(200 + i * 5, 200 + i * 5 + 4, ACQ_A)));
                try {
                    Thread.sleep(3); // a steady producer, not a burst bigger than the client queue
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        SseRecorder again =
                open("/api/v1/events/stream?acquisition=" + ACQ_A, Map.of("Last-Event-ID", Long.toString(lastSeen)));
        writer.join();

        List<Long> expected = new ArrayList<>();
        before.subList(10, 20).forEach(e -> expected.add(e.id()));
        missed.forEach(e -> expected.add(e.id()));
        live.forEach(e -> expected.add(e.id()));
        await().atMost(Duration.ofSeconds(20)).until(() -> again.events().size() >= expected.size());
        assertThat(again.eventIds()).containsExactlyElementsOf(expected);
        assertThat(again.messages()).noneMatch(m -> m.event().equals("error"));
    }

    @Test
    void lastEventIdMayComeAsAQueryParameter() throws Exception {
        start(SseHub.Options.DEFAULT);
        List<Event> written = publish(events(1, 5, ACQ_A));
        SseRecorder r =
                open("/api/v1/events/stream?lastEventId=" + written.get(1).id());
        await().atMost(Duration.ofSeconds(5)).until(() -> r.events().size() == 3);
        assertThat(r.eventIds())
                .containsExactly(
                        written.get(2).id(), written.get(3).id(), written.get(4).id());
    }

    @Test
    void resumingFromBeforeTheReplayWindowSaysSoAndSendsOnlyTheWindow() throws Exception {
        start(SseHub.Options.DEFAULT, new ReplayWindow(5, Duration.ofDays(1)));
        List<Event> written = publish(events(1, 12, ACQ_A));
        SseRecorder r = open("/api/v1/events/stream", Map.of("Last-Event-ID", "0"));
        await().atMost(Duration.ofSeconds(5)).until(() -> r.events().size() == 5);
        assertThat(r.messages().getFirst().event()).isEqualTo("replay-truncated");
        assertThat(r.eventIds())
                .containsExactlyElementsOf(
                        written.subList(7, 12).stream().map(Event::id).toList());
    }

    @Test
    void aLastEventIdFromTheFutureResumesFromTheNewestEventInsteadOfWaitingForItsIdToComeAround() throws Exception {
        start(SseHub.Options.DEFAULT);
        publish(events(1, 3, ACQ_A));
        SseRecorder r = open("/api/v1/events/stream", Map.of("Last-Event-ID", "999999"));
        awaitClients(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> !r.messages().isEmpty());
        Event next = publish("acquisition.updated", ACQ_A, "{}");
        await().atMost(Duration.ofSeconds(5)).until(() -> r.events().size() == 1);
        assertThat(r.messages().getFirst().event()).isEqualTo("replay-truncated");
        assertThat(r.eventIds()).containsExactly(next.id());
    }

    @Test
    void badLastEventIdIsRejectedAsAProblem() throws Exception {
        start(SseHub.Options.DEFAULT);
        HttpResponse<String> res = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(server.uri("/api/v1/events/stream"))
                                .header("Last-Event-ID", "abc")
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).isEqualTo(400);
        assertThat(res.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
    }

    @Test
    void idleStreamsReceiveHeartbeatsWithoutAnId() throws Exception {
        start(new SseHub.Options(100, Duration.ofMillis(200), 100, Duration.ofSeconds(5)));
        SseRecorder r = open("/frontend/events/stream");
        await().atMost(Duration.ofSeconds(5))
                .until(() -> r.messages().stream()
                                .filter(m -> m.event().equals("heartbeat"))
                                .count()
                        >= 2);
        assertThat(r.messages())
                .filteredOn(m -> m.event().equals("heartbeat"))
                .allSatisfy(m -> assertThat(m.id()).isNull());
    }

    @Test
    void aClientThatStopsReadingIsCutOffWithAFinalErrorEventWhileAFastClientGetsEverything() throws Exception {
        start(new SseHub.Options(64, Duration.ofSeconds(15), 100, Duration.ofSeconds(20)));
        SseRecorder fast = open("/api/v1/events/stream");
        try (Socket slow = new Socket()) {
            slow.setReceiveBufferSize(4096);
            slow.connect(new InetSocketAddress("127.0.0.1", server.port()));
            OutputStream out = slow.getOutputStream();
            out.write(("GET /api/v1/events/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            awaitClients(2);

            String big = "{\"pad\":\"" + "x".repeat(4000) + "\"}";
            List<Event> all = new ArrayList<>();
            for (int batch = 0; batch < 300 && hub.overflowCount() == 0; batch++) {
                List<Event> b = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    b.add(new Event(0, "micrograph.created", ACQ_A, null, Instant.now(), big));
                }
                all.addAll(publish(b));
                int expected = all.size();
                // the fast client keeps up with the producer; the slow one never reads
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> fast.events().size() == expected || hub.overflowCount() > 0);
            }
            assertThat(hub.overflowCount()).isEqualTo(1);
            awaitClients(1);
            // the fast client is not slowed: it receives every event, the slow one is gone from the hub
            List<Event> more = publish(events(1, 10, ACQ_A));
            all.addAll(more);
            await().atMost(Duration.ofSeconds(30)).until(() -> fast.events().size() == all.size());
            assertThat(fast.eventIds())
                    .containsExactlyElementsOf(all.stream().map(Event::id).toList());

            // the slow client, once it reads again, finds a final error event and the end of the stream
            String received = drain(slow.getInputStream(), Duration.ofSeconds(15));
            assertThat(received).contains("event: error\ndata: {\"reason\":\"overflow\"");
            assertThat(received.substring(received.indexOf("event: error")))
                    .doesNotContain("event: micrograph.created");
        }
    }

    @Test
    void aClientCutOffForOverflowThatReconnectsAtOnceResumesExactlyWithTheSmallestWindowTheConfigAccepts()
            throws Exception {
        int queue = 64;
        db = TestDatabase.h2();
        events = new TestEvents(db.dataSource());
        // the hub as the configuration builds it: its queue and the smallest replay window allowed for it
        ReplayWindow window = new ReplayWindow((long) ServerConfig.REPLAY_PER_QUEUE * queue, Duration.ofHours(1));
        server = TestServer.start(db, c -> c.withSseQueueSize(queue).withReplayWindow(window), b -> b);
        hub = server.running().sseHub();
        try (Socket slow = new Socket()) {
            slow.setReceiveBufferSize(4096);
            slow.connect(new InetSocketAddress("127.0.0.1", server.port()));
            slow.getOutputStream()
                    .write(
                            ("GET /api/v1/events/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
                                    .getBytes(StandardCharsets.US_ASCII));
            awaitClients(1);
            String big = "{\"pad\":\"" + "x".repeat(4000) + "\"}";
            List<Event> all = new ArrayList<>();
            for (int i = 0; i < 5000 && hub.overflowCount() == 0; i++) {
                all.addAll(publish(List.of(new Event(0, "micrograph.created", ACQ_A, null, Instant.now(), big))));
            }
            assertThat(hub.overflowCount()).isEqualTo(1);
            // the ingest goes on while the client reconnects: half a queue more
            all.addAll(publish(events(1, queue / 2, ACQ_A)));

            String received = drain(slow.getInputStream(), Duration.ofSeconds(30));
            assertThat(received).contains("event: error\ndata: {\"reason\":\"overflow\"");
            String body = ("\r\n" + received.substring(received.indexOf("\r\n\r\n") + 4))
                    .replaceAll("\r\n[0-9a-fA-F]+\r\n", "");
            java.util.regex.Matcher ids = java.util.regex.Pattern.compile("(?m)^id: (\\d+)$")
                    .matcher(body.substring(0, body.indexOf("event: error")));
            long lastReceived = 0;
            while (ids.find()) {
                lastReceived = Long.parseLong(ids.group(1));
            }
            long resumeAfter = lastReceived;
            // however far behind the race between its sender and the overflow left it, the ingest goes on
            // until the client is one and a half queues behind: more than a window of one queue could replay
            long behind = all.stream().filter(e -> e.id() > resumeAfter).count();
            if (behind < queue + queue / 2) {
                all.addAll(publish(events(1, (int) (queue + queue / 2 - behind), ACQ_A)));
            }
            List<Long> missed =
                    all.stream().map(Event::id).filter(id -> id > resumeAfter).toList();
            assertThat(missed).as("the client is behind by more than its queue").hasSizeGreaterThan(queue);

            SseRecorder again = open("/api/v1/events/stream", Map.of("Last-Event-ID", Long.toString(resumeAfter)));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> again.events().size() >= missed.size()
                            || again.messages().stream().anyMatch(m -> m.event().equals("replay-truncated")));
            assertThat(again.messages()).noneMatch(m -> m.event().equals("replay-truncated"));
            assertThat(again.eventIds()).containsExactlyElementsOf(missed);
        }
    }

    @Test
    void aClientThatNeverReadsAgainIsDisconnectedAfterTheGracePeriod() throws Exception {
        // a queue big enough that the sender is blocked on a full socket before the queue overflows
        start(new SseHub.Options(256, Duration.ofSeconds(15), 100, Duration.ofMillis(300)));
        try (Socket slow = new Socket()) {
            slow.setReceiveBufferSize(4096);
            slow.connect(new InetSocketAddress("127.0.0.1", server.port()));
            slow.getOutputStream()
                    .write(("GET /api/v1/events/stream HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            awaitClients(1);
            String big = "{\"pad\":\"" + "x".repeat(16000) + "\"}";
            // feed it one event at a time until the socket is full and the sender stays blocked in a write
            boolean blocked = false;
            for (int n = 1; n <= 5000 && !blocked; n++) {
                publish(List.of(new Event(0, "micrograph.created", ACQ_A, null, Instant.now(), big)));
                long expected = n;
                try {
                    await().pollDelay(Duration.ZERO)
                            .pollInterval(Duration.ofMillis(2))
                            .atMost(Duration.ofSeconds(2))
                            .until(() -> hub.sentCount() >= expected);
                } catch (org.awaitility.core.ConditionTimeoutException e) {
                    blocked = true;
                }
            }
            assertThat(blocked).isTrue();
            for (int i = 0; i < 300 && hub.overflowCount() == 0; i++) {
                publish(List.of(new Event(0, "micrograph.created", ACQ_A, null, Instant.now(), "{}")));
            }
            assertThat(hub.overflowCount()).isEqualTo(1);
            assertThat(hub.clientCount()).isZero();
            // after the grace the server closes the connection under the blocked sender, which ends
            await().atMost(Duration.ofSeconds(20)).until(() -> hub.senderCount() == 0);
            slow.setSoTimeout(200);
            long start = System.nanoTime();
            String received = drain(slow.getInputStream(), Duration.ofSeconds(20));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
            assertThat(received).doesNotEndWith("\r\n0\r\n\r\n"); // cut, not a finished response
        }
    }

    @Test
    void streamsAreSentUncompressedEvenWhenTheClientAcceptsGzip() throws Exception {
        start(SseHub.Options.DEFAULT);
        SseRecorder r = open("/api/v1/events/stream", Map.of("Accept-Encoding", "gzip"));
        awaitClients(1);
        Event e = publish("acquisition.created", ACQ_A, "{\"a\":1}");
        await().atMost(Duration.ofSeconds(5)).until(() -> r.events().size() == 1);
        assertThat(r.eventIds()).containsExactly(e.id());
    }

    @Test
    void shutdownSendsAFinalShutdownEventAndEndsTheStreams() throws Exception {
        start(SseHub.Options.DEFAULT);
        SseRecorder r = open("/api/v1/events/stream");
        awaitClients(1);
        publish("acquisition.created", ACQ_A, "{}");
        await().atMost(Duration.ofSeconds(5)).until(() -> r.events().size() == 1);
        hub.close();
        assertThat(r.awaitEnd(Duration.ofSeconds(10))).isTrue();
        assertThat(r.messages().getLast().event()).isEqualTo("shutdown");
        hub = null;
    }

    private static List<Event> events(int from, int to, String acquisition) {
        return IntStream.rangeClosed(from, to)
                .mapToObj(
                        i -> new Event(0, "gridsquare.updated", acquisition, null, Instant.now(), "{\"n\":" + i + "}"))
                .toList();
    }

    /** Reads until the server closes the connection, the final chunk arrives, or the time is up. */
    private static String drain(InputStream in, Duration max) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        long deadline = System.nanoTime() + max.toNanos();
        byte[] chunk = new byte[65536];
        while (System.nanoTime() < deadline) {
            int n;
            try {
                n = in.read(chunk);
            } catch (SocketTimeoutException e) {
                continue; // the server may still be closing
            } catch (IOException e) {
                break;
            }
            if (n < 0) {
                break;
            }
            buf.write(chunk, 0, n);
            String tail = buf.toString(StandardCharsets.UTF_8);
            if (tail.endsWith("\r\n0\r\n\r\n")) {
                break;
            }
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}
