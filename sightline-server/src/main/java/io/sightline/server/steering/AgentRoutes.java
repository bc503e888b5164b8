package io.sightline.server.steering;

import static io.sightline.server.api.ApiRole.READ;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.sightline.server.api.ApiRoutes;
import io.sightline.server.http.Endpoints;
import io.sightline.server.http.Operation;
import io.sightline.server.http.Schema;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /api/v1/agents}: the agent listing (docs/steering.md): every agent the server knows, its
 * latest session and what its heartbeat last reported of its outbox, for operators and the dashboard's
 * agent view.
 */
public final class AgentRoutes implements ApiRoutes {
    public static final String PATH = "/api/v1/agents";

    private final SteeringStore store;
    private final ObjectMapper mapper;

    public AgentRoutes(SteeringStore store, ObjectMapper mapper) {
        this.store = store;
        this.mapper = mapper;
    }

    @Override
    public void register(Endpoints endpoints) {
        endpoints.get(
                PATH,
                Operation.of(
                                "List agents",
                                "Every agent the server knows (from its sessions and heartbeats), by agent id: its"
                                        + " latest session and what its heartbeat last reported of its outbox (null"
                                        + " when it never did). Viewer role.")
                        .answer(200, "Agents", "application/json", Schema.listOf(Schema.ref("AgentListing")))
                        .problem(401, "Missing or invalid bearer token (problem+json)")
                        .problem(403, "The token's role is below viewer (problem+json)"),
                this::list,
                READ);
    }

    private void list(Context ctx) {
        Map<String, AgentSession> latest = new TreeMap<>();
        for (AgentSession session : store.sessions()) { // oldest first: each agent ends with its newest
            latest.put(session.agentId(), session);
        }
        Map<String, AgentReport> reports = new TreeMap<>();
        store.reports().forEach(r -> reports.put(r.agentId(), r));
        Map<String, ObjectNode> agents = new TreeMap<>();
        latest.forEach((agent, session) -> agents.computeIfAbsent(agent, this::agent)
                .putObject("session")
                .put("session_id", session.sessionId())
                .put("status", session.status())
                .put("created_at", text(session.createdAt()))
                .put("last_activity_at", text(session.lastActivityAt()))
                .put("ended_at", text(session.endedAt())));
        reports.forEach((agent, report) -> {
            OutboxReport o = report.outbox();
            agents.computeIfAbsent(agent, this::agent)
                    .putObject("outbox")
                    .put("depth", o.depth())
                    .put("parked", o.parked())
                    .put("oldest_undelivered_seconds", o.oldestUndeliveredSeconds())
                    .put("newest_parked", o.newestParked())
                    .put("session_id", report.sessionId())
                    .put("reported_at", text(report.reportedAt()));
        });
        ArrayNode list = mapper.createArrayNode();
        agents.values().forEach(list::add);
        ctx.json(list);
    }

    private ObjectNode agent(String agentId) {
        ObjectNode node = mapper.createObjectNode().put("agent_id", agentId);
        node.putNull("session");
        node.putNull("outbox");
        return node;
    }

    private static String text(Instant t) {
        return t == null ? null : t.toString();
    }
}
