package io.sightline.server.fastmon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.server.auth.Role;
import io.sightline.server.testing.BothDatabases;
import io.sightline.server.testing.MutableClock;
import io.sightline.server.testing.SseRecorder;
import io.sightline.server.testing.TestDatabase;
import io.sightline.server.testing.TestServer;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/** The swf-monitor-compatible fast-monitoring API, on H2 and PostgreSQL. */
class FastmonApiTest {

    private static TestServer.Response post(TestServer s, String path, String json) {
        return s.post(path, json);
    }

    private static String stf(String name, long run, Integer tfCount) {
        return "{\"run_number\":" + run + ",\"stf\":{\"stf_filename\":\"" + name + "\""
                + (tfCount == null ? "" : ",\"tf_count\":" + tfCount) + ",\"file_size_bytes\":1000},"
                + "\"sender\":\"fastmon-agent-t-1\",\"samples\":[";
    }

    private static String sample(String name, int first, int last) {
        return "{\"tf_filename\":\"" + name + "\",\"tf_first\":" + first + ",\"tf_last\":" + last
                + ",\"file_size_bytes\":" + (last - first + 1) + "}";
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void runsStfAndTfFilesFollowTheSwfShapesFiltersAndUniqueness(TestDatabase db) {
        try (TestServer s = TestServer.start(db)) {
            TestServer.Response run =
                    post(s, "/api/runs/", "{\"run_number\":100010,\"start_time\":\"2026-12-07T01:00:00Z\"}");
            assertThat(run.status()).isEqualTo(201);
            long runId = run.json().get("run_id").asLong();
            assertThat(post(s, "/api/runs/", "{\"run_number\":100011}").status())
                    .isEqualTo(201);
            assertThat(post(s, "/api/runs/", "{\"run_number\":100010}").status())
                    .isEqualTo(400);

            // the filter filters (swf-monitor ignores it and the reference agent takes element 0)
            JsonNode runs = s.get("/api/runs/?run_number=100011").json();
            assertThat(runs).hasSize(1);
            assertThat(runs.get(0).get("run_number").asLong()).isEqualTo(100011);
            assertThat(s.get("/api/runs/?run_number=abc").status()).isEqualTo(400);

            TestServer.Response stf = post(
                    s,
                    "/api/stf-files/",
                    "{\"run\":" + runId
                            + ",\"stf_filename\":\"swf.100010.000001.stf\",\"tf_count\":100,\"file_size_bytes\":5000}");
            assertThat(stf.status()).isEqualTo(201);
            assertThat(stf.json().get("status").asText()).isEqualTo("registered");
            assertThat(post(s, "/api/stf-files/", "{\"run\":" + runId + ",\"stf_filename\":\"swf.100010.000001.stf\"}")
                            .status())
                    .isEqualTo(400);
            TestServer.Response upper = post(
                    s,
                    "/api/stf-files/",
                    "{\"run\":" + runId + ",\"stf_filename\":\"x.stf\",\"status\":\"REGISTERED\"}");
            assertThat(upper.status()).isEqualTo(400);
            assertThat(upper.json().get("detail").asText()).contains("status").contains("REGISTERED");
            assertThat(upper.contentType()).startsWith("application/problem+json");

            TestServer.Response tf = post(
                    s,
                    "/api/fastmon-files/",
                    "{\"stf_file\":\"swf.100010.000001.stf\",\"tf_filename\":\"swf.100010.000001_tf_001.tf\","
                            + "\"file_size_bytes\":10,\"status\":\"registered\",\"tf_first\":3,\"tf_last\":7}");
            assertThat(tf.status()).isEqualTo(201);
            assertThat(tf.json().get("stf_file").asText()).isEqualTo("swf.100010.000001.stf");
            assertThat(tf.json().get("tf_count").asInt()).isEqualTo(5);
            assertThat(post(
                                    s,
                                    "/api/fastmon-files/",
                                    "{\"stf_file\":\"swf.100010.000001.stf\",\"tf_filename\":\"swf.100010.000001_tf_001.tf\"}")
                            .status())
                    .as("duplicate tf_filename")
                    .isEqualTo(400);
            assertThat(post(s, "/api/fastmon-files/", "{\"stf_file\":\"nope.stf\",\"tf_filename\":\"a.tf\"}")
                            .status())
                    .as("unknown parent")
                    .isEqualTo(400);
            TestServer.Response beyond = post(
                    s,
                    "/api/fastmon-files/",
                    "{\"stf_file\":\"swf.100010.000001.stf\",\"tf_filename\":\"b.tf\",\"tf_first\":90,\"tf_last\":100}");
            assertThat(beyond.status()).isEqualTo(400);
            assertThat(beyond.json().get("detail").asText()).contains("tf_last");
            assertThat(post(
                                    s,
                                    "/api/fastmon-files/",
                                    "{\"stf_file\":\"swf.100010.000001.stf\",\"tf_filename\":\"c.tf\",\"tf_first\":5,\"tf_last\":4}")
                            .status())
                    .isEqualTo(400);
            assertThat(post(
                                    s,
                                    "/api/fastmon-files/",
                                    "{\"stf_file\":\"swf.100010.000001.stf\",\"tf_filename\":\"d.tf\",\"tf_first\":1,\"tf_last\":4,\"tf_count\":3}")
                            .status())
                    .isEqualTo(400);
            assertThat(post(
                                    s,
                                    "/api/fastmon-files/",
                                    "{\"stf_file\":\"swf.100010.000001.stf\",\"tf_filename\":\"e.tf\",\"status\":\"done\"}")
                            .status())
                    .isEqualTo(201);

            assertThat(s.get("/api/fastmon-files/").json()).hasSize(2);
            assertThat(s.get("/api/fastmon-files/?status=done").json()).hasSize(1);
            assertThat(s.get("/api/fastmon-files/?tf_filename=e.tf").json()).hasSize(1);
            assertThat(s.get("/api/fastmon-files/?stf_filename=other.stf").json())
                    .isEmpty();
            assertThat(s.get("/api/fastmon-files/?run_number=100011").json()).isEmpty();
            assertThat(s.get("/api/fastmon-files/?status=Done").status()).isEqualTo(400);
            assertThat(s.get("/api/stf-files/?workflow_id=nope").status()).isEqualTo(400);

            JsonNode page = s.get("/api/fastmon-files/?limit=1").json();
            assertThat(page.get("count").asInt()).isEqualTo(2);
            assertThat(page.get("results")).hasSize(1);
            assertThat(page.get("previous").isNull()).isTrue();
            assertThat(page.get("next").asText()).contains("limit=1").contains("offset=1");
            JsonNode second = s.get("/api/fastmon-files/?limit=1&offset=1").json();
            assertThat(second.get("next").isNull()).isTrue();
            assertThat(second.get("results").get(0).get("tf_filename").asText())
                    .isNotEqualTo(page.get("results").get(0).get("tf_filename").asText());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void bulkRegistrationIsOneTransactionAnnouncesEachSampleOnceAndIsSafeToRetry(TestDatabase db) throws Exception {
        try (TestServer s = TestServer.start(db);
                SseRecorder all = SseRecorder.open(s.uri("/api/messages/stream/"));
                SseRecorder run7 =
                        SseRecorder.open(s.uri("/api/messages/stream/?run_ids=7&msg_types=tf_file_registered"));
                SseRecorder other = SseRecorder.open(s.uri("/api/messages/stream/?agents=someone-else"))) {
            String body = stf("swf.000007.000001.stf", 7, 1000) + sample("swf.000007.000001_tf_001.tf", 0, 9) + ","
                    + sample("swf.000007.000001_tf_002.tf", 500, 509) + "]}";
            TestServer.Response first = post(s, "/api/fastmon-files/bulk/", body);
            assertThat(first.status()).isEqualTo(201);
            assertThat(first.json().get("created")).hasSize(2);
            TestServer.Response again = post(s, "/api/fastmon-files/bulk/", body);
            assertThat(again.json().get("created")).isEmpty();
            assertThat(again.json().get("existing")).hasSize(2);
            // a string run id matches an integer one, as the issue asks
            assertThat(post(s, "/api/messages/", "{\"msg_type\":\"stf_ready\",\"run_id\":\"7\",\"sender\":\"daq\"}")
                            .status())
                    .isEqualTo(201);

            await().atMost(Duration.ofSeconds(10)).until(() -> all.events().size() == 3);
            await().atMost(Duration.ofSeconds(10)).until(() -> run7.events().size() == 2);
            assertThat(all.messages().getFirst().event()).isEqualTo("connected");
            assertThat(all.events().stream().map(SseRecorder.Message::event))
                    .containsExactly("tf_file_registered", "tf_file_registered", "stf_ready");
            JsonNode msg = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(all.events().getFirst().data());
            assertThat(msg.get("run_number").asLong()).isEqualTo(7);
            assertThat(msg.get("stf_filename").asText()).isEqualTo("swf.000007.000001.stf");
            assertThat(msg.get("file_size_bytes").asLong()).isEqualTo(10);
            assertThat(s.get("/api/fastmon-files/?stf_filename=swf.000007.000001.stf")
                            .json())
                    .hasSize(2);
            assertThat(other.events()).isEmpty();

            // a client resuming after the first event gets the rest and nothing twice
            String firstId = all.events().getFirst().id();
            try (SseRecorder resumed =
                    SseRecorder.open(s.uri("/api/messages/stream/"), Map.of("Last-Event-ID", firstId))) {
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> resumed.events().size() == 2);
                assertThat(resumed.events().stream()
                                .map(SseRecorder.Message::id)
                                .toList())
                        .isEqualTo(all.events().subList(1, 3).stream()
                                .map(SseRecorder.Message::id)
                                .toList());
            }

            // samples beyond the STF, and a sample of another STF, are refused as a whole
            TestServer.Response beyond = post(
                    s, "/api/fastmon-files/bulk/", stf("swf.000007.000002.stf", 7, 10) + sample("x.tf", 5, 10) + "]}");
            assertThat(beyond.status()).isEqualTo(400);
            assertThat(s.get("/api/stf-files/?stf_filename=swf.000007.000002.stf")
                            .json())
                    .isEmpty();
            TestServer.Response stolen = post(
                    s,
                    "/api/fastmon-files/bulk/",
                    stf("swf.000007.000003.stf", 7, 1000) + sample("swf.000007.000001_tf_001.tf", 0, 1) + "]}");
            assertThat(stolen.status()).isEqualTo(400);
            TestServer.Response twice = post(
                    s,
                    "/api/fastmon-files/bulk/",
                    stf("swf.000007.000004.stf", 7, 1000) + sample("y.tf", 0, 1) + "," + sample("y.tf", 2, 3) + "]}");
            assertThat(twice.status()).isEqualTo(400);
            assertThat(twice.json().get("detail").asText())
                    .contains("samples[1].tf_filename")
                    .contains("twice");
        }
    }

    /**
     * Bulk calls that arrive together run as one batch: each caller still gets the answer for its own STF,
     * a call that fails (a sample of another STF) fails alone, the same STF sent twice at once is created
     * once, and every sample is stored and announced exactly once.
     */
    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void concurrentBulkCallsEachGetTheirOwnAnswerAndEverySampleIsAnnouncedOnce(TestDatabase db) throws Exception {
        try (TestServer s = TestServer.start(db);
                SseRecorder all = SseRecorder.open(s.uri("/api/messages/stream/?msg_types=tf_file_registered"))) {
            assertThat(post(
                                    s,
                                    "/api/fastmon-files/bulk/",
                                    stf("swf.000009.000000.stf", 9, 1000) + sample("taken.tf", 0, 1) + "]}")
                            .status())
                    .isEqualTo(201);
            int threads = 8;
            int calls = 12;
            java.util.List<java.util.concurrent.Future<java.util.List<String>>> results = new java.util.ArrayList<>();
            try (java.util.concurrent.ExecutorService pool =
                    java.util.concurrent.Executors.newFixedThreadPool(threads)) {
                for (int t = 0; t < threads; t++) {
                    int thread = t;
                    results.add(pool.submit(() -> {
                        java.util.List<String> problems = new java.util.ArrayList<>();
                        for (int i = 0; i < calls; i++) {
                            // threads 0 and 1 send the same STFs (a retry racing its original)
                            int owner = thread == 1 ? 0 : thread;
                            long run = 10 + owner % 3;
                            String name = "swf.%06d.%02d%04d.stf".formatted(run, owner, i);
                            String tf = name.replace(".stf", "");
                            boolean thief = i == 5 && thread >= 2;
                            String body = stf(name, run, 1000) + sample(tf + "_tf_1.tf", 0, 9) + ","
                                    + sample(thief ? "taken.tf" : tf + "_tf_2.tf", 100, 109) + "]}";
                            TestServer.Response r = post(s, "/api/fastmon-files/bulk/", body);
                            if (thief) {
                                if (r.status() != 400 || !r.body().contains("taken.tf")) {
                                    problems.add(name + ": expected 400 naming taken.tf, got " + r.status());
                                }
                                continue;
                            }
                            JsonNode out = r.json();
                            if (r.status() != 201
                                    || !out.get("stf_filename").asText().equals(name)
                                    || out.get("run_number").asLong() != run
                                    || out.get("created").size()
                                                    + out.get("existing").size()
                                            != 2) {
                                problems.add(name + ": " + r.status() + " " + r.body());
                            }
                        }
                        return problems;
                    }));
                }
            }
            for (java.util.concurrent.Future<java.util.List<String>> f : results) {
                assertThat(f.get()).isEmpty();
            }
            // 1 + thread 0 (12 STFs x 2, shared with thread 1) + threads 2-7 (11 STFs x 2 each)
            int expected = 1 + calls * 2 + (threads - 2) * (calls - 1) * 2;
            JsonNode stored = s.get("/api/fastmon-files/").json();
            assertThat(stored).hasSize(expected);
            assertThat(s.get("/api/fastmon-files/?stf_filename=swf.000010.000005.stf")
                            .json())
                    .hasSize(2);
            assertThat(s.get("/api/stf-files/?stf_filename=swf.000012.020005.stf")
                            .json())
                    .as("a failed call leaves no STF behind")
                    .isEmpty();
            await().atMost(Duration.ofSeconds(20)).until(() -> all.events().size() >= expected);
            java.util.List<String> announced = all.events().stream()
                    .map(e -> e.data().replaceAll(".*\"tf_filename\":\"([^\"]+)\".*", "$1"))
                    .toList();
            assertThat(announced).doesNotHaveDuplicates().hasSize(expected);
            java.util.List<Long> ids = all.eventIds();
            assertThat(ids).isSorted();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void heartbeatsCreateThenUpdateAgentsAndSilentAgentsAreExitedAfterThreeMinutes(TestDatabase db) {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-07T00:00:00Z"));
        try (TestServer s = TestServer.start(db, c -> c, b -> b.clock(clock))) {
            String beat = "{\"instance_name\":\"fastmon-agent-a-1\",\"agent_type\":\"fastmon\",\"status\":\"OK\","
                    + "\"operational_state\":\"READY\"}";
            assertThat(post(s, "/api/systemagents/heartbeat/", beat).status()).isEqualTo(201);
            assertThat(post(s, "/api/systemagents/heartbeat/", beat).status()).isEqualTo(200);
            assertThat(post(s, "/api/systemagents/heartbeat/", "{\"agent_type\":\"fastmon\"}")
                            .status())
                    .isEqualTo(400);
            clock.advance(Duration.ofMinutes(3).plusSeconds(1));
            post(s, "/api/systemagents/heartbeat/", "{\"instance_name\":\"other\",\"status\":\"OK\"}");
            JsonNode agents = s.get("/api/systemagents/").json();
            JsonNode a = agents.get(0).get("instance_name").asText().equals("fastmon-agent-a-1")
                    ? agents.get(0)
                    : agents.get(1);
            assertThat(a.get("status").asText()).isEqualTo("EXITED");
            assertThat(a.get("operational_state").asText()).isEqualTo("EXITED");

            assertThat(post(s, "/api/state/next-run-number/", "")
                            .json()
                            .get("run_number")
                            .asLong())
                    .isEqualTo(100010);
            assertThat(post(s, "/api/state/next-run-number/", "")
                            .json()
                            .get("run_number")
                            .asLong())
                    .isEqualTo(100011);
            JsonNode agentId = post(s, "/api/state/next-agent-id/", "").json();
            assertThat(agentId.get("status").asText()).isEqualTo("success");
            assertThat(agentId.get("agent_id").asLong()).isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void djangoTokenSchemeIsAcceptedAndEveryAnswerIsJson(TestDatabase db) {
        try (TestServer s = TestServer.start(db)) {
            String secret = s.running().tokens().create("agent", Role.AGENT).secret();
            TestServer.Response anonymous = s.get("/api/runs/");
            assertThat(anonymous.status()).isEqualTo(401);
            assertThat(anonymous.json().get("detail").asText()).isNotBlank();
            for (String scheme : List.of("Token ", "Bearer ")) {
                TestServer.Response r = s.send(HttpRequest.newBuilder(s.uri("/api/runs/"))
                        .header("Authorization", scheme + secret)
                        .GET());
                assertThat(r.status()).as(scheme).isEqualTo(200);
                assertThat(r.json().isArray()).isTrue();
            }
            TestServer.Response missing = s.send(HttpRequest.newBuilder(s.uri("/api/no-such-thing/"))
                    .header("Authorization", "Token " + secret)
                    .GET());
            assertThat(missing.status()).isEqualTo(404);
            assertThat(missing.json().get("status").asInt()).isEqualTo(404);
            TestServer.Response notJson = s.send(HttpRequest.newBuilder(s.uri("/api/runs/"))
                    .header("Authorization", "Token " + secret)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{oops")));
            assertThat(notJson.status()).isEqualTo(400);
            assertThat(notJson.json().get("detail").asText()).contains("JSON");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void theFirstBlockOnTheWireIsTheConnectedEventAsTheReferenceClientReadsIt(TestDatabase db) throws Exception {
        try (TestServer s = TestServer.start(db)) {
            var client = java.net.http.HttpClient.newHttpClient();
            var response = client.send(
                    HttpRequest.newBuilder(s.uri("/api/messages/stream/"))
                            .header("Accept", "text/event-stream")
                            .build(),
                    java.net.http.HttpResponse.BodyHandlers.ofInputStream());
            try (var in = response.body()) {
                StringBuilder first = new StringBuilder();
                while (first.indexOf("\n\n") < 0) {
                    int c = in.read();
                    assertThat(c).as("stream ended before its first block").isNotNegative();
                    first.append((char) c);
                }
                // a block without data (a bare retry:) is printed as a message by swf_fastmon_client
                assertThat(first.toString()).contains("event: connected\n").contains("data: {\"client_id\":");
                assertThat(first.toString()
                                .lines()
                                .filter(l -> l.startsWith("data: "))
                                .count())
                        .isEqualTo(1);
            }
        }
    }
}
