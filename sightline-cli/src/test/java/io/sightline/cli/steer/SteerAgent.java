package io.sightline.cli.steer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.agent.client.BackendClient;
import io.sightline.agent.outbox.AgentStore;
import io.sightline.agent.steer.HandlerRegistry;
import io.sightline.agent.steer.InstructionDispatcher;
import io.sightline.agent.steer.LogShipper;
import io.sightline.agent.steer.SteeringChannel;
import io.sightline.agent.steer.SteeringConfig;
import io.sightline.server.testing.TestServer;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The agent's own steering channel ({@link SteeringChannel}: session, stream, dispatcher, acks, heartbeats,
 * log shipping) with handlers a test chooses, over an in-memory agent store; and the operator's side of
 * the server's steering API. Nothing of ours is replaced: only the handlers are the test's.
 */
final class SteerAgent implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(20);

    private final AgentStore store = AgentStore.inMemory("steer-e2e-" + UUID.randomUUID());
    private final SteeringChannel channel;
    final String agentId;

    private SteerAgent(URI api, String token, String agentId, SteeringConfig config, HandlerRegistry handlers) {
        this.agentId = agentId;
        this.channel = new SteeringChannel(
                new BackendClient(api, token, Duration.ofSeconds(10)),
                agentId,
                config,
                store,
                new LogShipper(10_000, 500, Duration.ofSeconds(2), Clock.systemUTC()),
                session -> handlers);
    }

    /** Starts a channel and waits until its session is open and its stream started. */
    static SteerAgent start(URI api, String agentId, SteeringConfig config, HandlerRegistry handlers)
            throws InterruptedException {
        SteerAgent agent = new SteerAgent(api, null, agentId, config, handlers);
        agent.channel.start();
        assertThat(agent.channel.awaitSession(WAIT))
                .as("session of %s opened", agentId)
                .isTrue();
        return agent;
    }

    SteeringChannel channel() {
        return channel;
    }

    InstructionDispatcher dispatcher() {
        return channel.dispatcher();
    }

    String session() {
        return channel.sessionId().orElseThrow();
    }

    /** Waits until the server holds an open stream of this agent's session. */
    void awaitConnected(TestServer server) {
        await().atMost(WAIT).until(() -> connected(server, session()));
    }

    static boolean connected(TestServer server, String session) {
        for (JsonNode c : server.get("/debug/agent-connections").json().path("active_connections")) {
            if (c.path("session_id").asText().equals(session)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        channel.close();
        store.close();
    }

    // ---- the operator's side ----

    static String path(String agentId, String session) {
        return "/agent/" + agentId + "/session/" + session + "/instructions";
    }

    /** Creates an instruction as an operator (open loopback, or with {@code token}); returns its id. */
    static String instruct(
            TestServer server, String token, String agentId, String session, String type, Object... fields) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("instruction_type", type);
        for (int i = 0; i < fields.length; i += 2) {
            body.put((String) fields[i], fields[i + 1]);
        }
        TestServer.Response r = server.postAs(token, path(agentId, session), body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("instruction_id").asText();
    }

    /** The server's view of one instruction (status, ack status, result, processing time). */
    static JsonNode row(TestServer server, String token, String agentId, String session, String instructionId) {
        TestServer.Response r = server.getAs(token, path(agentId, session));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        for (JsonNode i : r.json()) {
            if (i.path("instruction_id").asText().equals(instructionId)) {
                return i;
            }
        }
        throw new AssertionError("instruction " + instructionId + " not listed: " + r.body());
    }

    /** Waits until the server stores a final ack of {@code ackStatus} for the instruction; returns its row. */
    static JsonNode awaitFinal(
            TestServer server, String token, String agentId, String session, String instructionId, String ackStatus) {
        await().atMost(WAIT)
                .pollInterval(Duration.ofMillis(50))
                .until(() -> row(server, token, agentId, session, instructionId)
                        .path("status")
                        .asText()
                        .equals("acknowledged"));
        JsonNode row = row(server, token, agentId, session, instructionId);
        assertThat(row.path("ack_status").asText()).as(row.toString()).isEqualTo(ackStatus);
        return row;
    }
}
