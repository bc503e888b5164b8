package io.sightline.server.steering;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.server.testing.BothDatabases;
import io.sightline.server.testing.TestDatabase;
import io.sightline.server.testing.TestServer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * What an agent reports of its outbox with its heartbeat: kept as the agent's latest, listed by
 * {@code GET /api/v1/agents} and exposed on {@code /metrics}; a bad figure is a 422 that changes nothing.
 */
class AgentReportTest {

    private static Map<String, Object> outbox(long depth, long parked, Double oldest, String newest) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("outbox_depth", depth);
        body.put("outbox_parked", parked);
        body.put("outbox_oldest_undelivered_seconds", oldest);
        body.put("outbox_newest_parked", newest);
        return body;
    }

    private static JsonNode agent(TestServer server, String agentId) {
        for (JsonNode a : server.get("/api/v1/agents").json()) {
            if (a.get("agent_id").asText().equals(agentId)) {
                return a;
            }
        }
        throw new AssertionError("agent " + agentId + " not listed: "
                + server.get("/api/v1/agents").body());
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void theLatestReportOfEachAgentIsListedAndOnMetrics(TestDatabase db) {
        try (TestServer server = TestServer.start(db)) {
            SteeringClient krios1 = new SteeringClient(server, "krios-1");
            SteeringClient krios2 = new SteeringClient(server, "krios-2");
            String first = krios1.session();
            String second = krios2.session();
            assertThat(server.post(krios1.base(first) + "/heartbeat", outbox(40, 0, 2.5, null))
                            .status())
                    .isEqualTo(200);
            assertThat(server.post(
                            krios1.base(first) + "/heartbeat",
                            outbox(3, 1, 0.25, "micrograph m-1: 500 \"the server failed\"")))
                    .extracting(TestServer.Response::status)
                    .isEqualTo(200);
            assertThat(server.post(krios2.base(second) + "/heartbeat", "").status())
                    .as("SmartEM's agents send no body")
                    .isEqualTo(200);

            JsonNode one = agent(server, "krios-1");
            assertThat(one.at("/session/session_id").asText()).isEqualTo(first);
            assertThat(one.at("/session/status").asText()).isEqualTo("active");
            assertThat(one.at("/outbox/depth").asLong()).isEqualTo(3);
            assertThat(one.at("/outbox/parked").asLong()).isEqualTo(1);
            assertThat(one.at("/outbox/oldest_undelivered_seconds").asDouble()).isEqualTo(0.25);
            assertThat(one.at("/outbox/newest_parked").asText()).isEqualTo("micrograph m-1: 500 \"the server failed\"");
            assertThat(one.at("/outbox/session_id").asText()).isEqualTo(first);
            assertThat(one.at("/outbox/reported_at").asText()).endsWith("Z");
            JsonNode two = agent(server, "krios-2");
            assertThat(two.at("/session/session_id").asText()).isEqualTo(second);
            assertThat(two.get("outbox").isNull()).as("it never reported").isTrue();

            String metrics = server.get("/metrics").body();
            assertThat(metrics)
                    .contains("sightline_agent_outbox_depth{agent_id=\"krios-1\"} 3.0")
                    .contains("sightline_agent_outbox_parked{agent_id=\"krios-1\"} 1.0")
                    .contains("sightline_agent_outbox_oldest_undelivered_seconds{agent_id=\"krios-1\"} 0.25")
                    .contains("sightline_agent_report_age_seconds{agent_id=\"krios-1\"}")
                    .doesNotContain("agent_id=\"krios-2\"");
        }
    }

    @Test
    void aNewerSessionOfTheSameAgentReplacesItsReportAndItsListedSession() {
        try (TestServer server = TestServer.start()) {
            SteeringClient krios = new SteeringClient(server, "krios-1");
            String old = krios.session();
            server.post(krios.base(old) + "/heartbeat", outbox(10, 0, 1.0, null));
            String current = krios.session();
            server.post(krios.base(current) + "/heartbeat", outbox(0, 0, null, null));

            JsonNode listed = agent(server, "krios-1");
            assertThat(listed.at("/session/session_id").asText()).isEqualTo(current);
            assertThat(listed.at("/outbox/session_id").asText()).isEqualTo(current);
            assertThat(listed.at("/outbox/depth").asLong()).isZero();
            assertThat(listed.at("/outbox/oldest_undelivered_seconds").isNull()).isTrue();
            assertThat(server.get("/api/v1/agents").json()).hasSize(1);
        }
    }

    @Test
    void badFiguresAre422NamingEachFieldAndChangeNothing() {
        try (TestServer server = TestServer.start()) {
            SteeringClient krios = new SteeringClient(server, "krios-1");
            String session = krios.session();
            server.post(krios.base(session) + "/heartbeat", outbox(5, 0, null, null));

            Map<String, Object> bad = new LinkedHashMap<>();
            bad.put("outbox_depth", -1);
            bad.put("outbox_oldest_undelivered_seconds", "soon");
            bad.put("outbox_newest_parked", "x".repeat(2001));
            TestServer.Response r = server.post(krios.base(session) + "/heartbeat", bad);

            assertThat(r.status()).isEqualTo(422);
            assertThat(r.contentType()).startsWith("application/problem+json");
            List<String> fields = r.json().get("errors").findValues("loc").stream()
                    .map(loc -> loc.get(loc.size() - 1).asText())
                    .toList();
            assertThat(fields)
                    .containsExactlyInAnyOrder(
                            "outbox_depth",
                            "outbox_parked",
                            "outbox_oldest_undelivered_seconds",
                            "outbox_newest_parked");
            assertThat(agent(server, "krios-1").at("/outbox/depth").asLong()).isEqualTo(5);
            assertThat(server.post(krios.base(session) + "/heartbeat", "{not json")
                            .status())
                    .isEqualTo(422);
            assertThat(server.post(krios.base(session) + "/heartbeat", Map.of("something_else", 1))
                            .status())
                    .as("fields it does not know are ignored")
                    .isEqualTo(200);
        }
    }
}
