package io.sightline.server.fastmon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sightline.server.auth.Role;
import io.sightline.server.testing.BothDatabases;
import io.sightline.server.testing.SseRecorder;
import io.sightline.server.testing.TestDatabase;
import io.sightline.server.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Replays what the real swf fast-monitoring agents sent (captured from the unmodified programs, see
 * {@code ../shared/peers/swf/README.md}; copied to {@code src/test/resources/swf/agent-requests.txt}):
 * their REST calls, with their {@code Authorization: Token} header, scenario by scenario on a fresh
 * server, and their bus messages through {@code POST /api/messages/}. Every answer must be JSON and none
 * a 404 or 5xx (the reference agent retries those for minutes); the registrations the real monitor accepts
 * are accepted; every bus message reaches the stream with the fields the reference client reads.
 */
class SwfFixtureReplayTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern REST =
            Pattern.compile("^\\S+ REST  (GET|POST) (\\S+)(?:  body=(.*?))?  -> (\\d{3}).*$");
    private static final Pattern SEND = Pattern.compile("^\\S+ STOMP c\\d+ >> SEND \\{[^}]*\\} (\\{.*\\})$");

    private record Call(String method, String path, String body, int stubStatus) {}

    private record Scenario(List<Call> calls, List<String> sends) {}

    private static Map<String, Scenario> scenarios() throws IOException {
        Map<String, Scenario> out = new LinkedHashMap<>();
        Scenario current = null;
        try (InputStream in = SwfFixtureReplayTest.class.getResourceAsStream("/swf/agent-requests.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith("## ") && !line.contains(" rc=")) {
                    current = new Scenario(new ArrayList<>(), new ArrayList<>());
                    out.put(line.substring(3, line.indexOf(':')), current);
                    continue;
                }
                Matcher rest = REST.matcher(line);
                if (current != null && rest.matches()) {
                    current.calls()
                            .add(new Call(
                                    rest.group(1), rest.group(2), rest.group(3), Integer.parseInt(rest.group(4))));
                }
                Matcher send = SEND.matcher(line);
                if (current != null && send.matches()) {
                    current.sends().add(send.group(1));
                }
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void theRealAgentsRequestsGetJsonAndNever404Or5xx(TestDatabase db) throws Exception {
        Map<String, Scenario> scenarios = scenarios();
        assertThat(scenarios).containsKeys("cont", "cont-unique", "msg", "testbed", "e2e");
        // the parameter picks the database kind; each scenario runs on a fresh database of that kind
        int replayed = 0;
        for (var entry : scenarios.entrySet()) {
            try (TestDatabase fresh = db.toString().contains("H2") ? TestDatabase.h2() : TestDatabase.postgres();
                    TestServer s = TestServer.start(fresh)) {
                String token = s.running().tokens().create("swf", Role.AGENT).secret();
                java.util.Set<String> registered = new java.util.HashSet<>();
                for (Call call : entry.getValue().calls()) {
                    if (call.path().startsWith("/api/logs/")) {
                        continue; // sent without credentials to SWF_MONITOR_HTTP_URL; Sightline keeps no AppLog
                    }
                    HttpRequest.Builder b = HttpRequest.newBuilder(s.uri(call.path()))
                            .header("Authorization", "Token " + token)
                            .header("Accept", "application/json");
                    if (call.method().equals("POST")) {
                        b.header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(call.body() == null ? "" : call.body()));
                    } else {
                        b.GET();
                    }
                    TestServer.Response r = s.send(b);
                    String what = entry.getKey() + ": " + call.method() + " " + call.path() + " " + call.body();
                    assertThat(r.status()).as(what).isNotEqualTo(404).isLessThan(500);
                    assertThat(JSON.readTree(r.body()))
                            .as(what + " answers JSON")
                            .isNotNull();
                    if (call.path().startsWith("/api/stf-files/")) {
                        String name =
                                JSON.readTree(call.body()).get("stf_filename").asText();
                        if (registered.add(name)) {
                            assertThat(r.status())
                                    .as("first registration of " + name)
                                    .isEqualTo(201);
                        } else {
                            assertThat(r.status())
                                    .as("repeated " + name + " (the monitor's uniqueness)")
                                    .isEqualTo(400);
                        }
                    }
                    if (call.path().startsWith("/api/systemagents/heartbeat/")
                            || call.path().startsWith("/api/state/")
                            || call.path().startsWith("/api/subscribers/")
                            || call.path().startsWith("/api/runs/")) {
                        assertThat(r.status()).as(what).isBetween(200, 201);
                    }
                    replayed++;
                }
                try (SseRecorder rec =
                        SseRecorder.open(s.uri("/api/messages/stream/"), Map.of("Authorization", "Token " + token))) {
                    for (String msg : entry.getValue().sends()) {
                        TestServer.Response r = s.send(HttpRequest.newBuilder(s.uri("/api/messages/"))
                                .header("Authorization", "Token " + token)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(msg)));
                        assertThat(r.status()).as(msg).isEqualTo(201);
                    }
                    int expected = entry.getValue().sends().size();
                    await().atMost(Duration.ofSeconds(20))
                            .until(() -> rec.events().size() == expected);
                    for (SseRecorder.Message m : rec.events()) {
                        JsonNode data = JSON.readTree(m.data());
                        assertThat(m.event()).isEqualTo(data.get("msg_type").asText());
                        if (m.event().equals("tf_file_registered")) {
                            assertThat(data.get("tf_filename").isTextual()).isTrue();
                            assertThat(data.get("status").isTextual()).isTrue();
                            assertThat(data.get("timestamp").isTextual()).isTrue();
                        }
                    }
                }
            }
        }
        assertThat(replayed).isGreaterThan(90);
    }
}
