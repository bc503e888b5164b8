package io.sightline.server.steering;

import static io.sightline.server.api.ApiRole.STEER;
import static io.sightline.server.api.ApiRole.WRITE;
import static io.sightline.server.auth.ActsForAgent.AGENT_ID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.sightline.server.api.ApiRoutes;
import io.sightline.server.http.ApiException;
import io.sightline.server.http.Endpoints;
import io.sightline.server.http.Operation;
import io.sightline.server.http.Schema;
import io.sightline.server.persistence.DataException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The steering channel's HTTP endpoints (docs/steering.md, "Server endpoints"): the agent's own
 * ({@code agent} role, acting for the agent in the path: {@code AGENT_ID}), instruction creation and listing ({@code steering} or {@code admin}), and
 * SmartEM's {@code /debug} endpoints ({@code admin}, by path prefix).
 */
public final class SteeringRoutes implements ApiRoutes {
    private static final String SESSION = "/agent/{agent_id}/session/{session_id}";

    private final SteeringStore store;
    private final InstructionStreams streams;
    private final SteeringSignal signal;
    private final SteeringBodies bodies;
    private final ObjectMapper mapper;

    public SteeringRoutes(
            SteeringStore store,
            InstructionStreams streams,
            SteeringSignal signal,
            SteeringBodies bodies,
            ObjectMapper mapper) {
        this.store = store;
        this.streams = streams;
        this.signal = signal;
        this.bodies = bodies;
        this.mapper = mapper;
    }

    @Override
    public void register(Endpoints endpoints) {
        endpoints.post(
                "/agent/{agent_id}/sessions",
                agent(Operation.of(
                                "Create Agent Session",
                                "An agent opens its own session (docs/steering.md). Role agent.")
                        .body(Schema.ref("CreateAgentSessionRequest"))
                        .ok(201, Schema.type("object"))),
                this::createSession,
                WRITE,
                AGENT_ID);
        endpoints.get(
                SESSION + "/instructions/stream",
                agent(Operation.of(
                                "Instruction Stream",
                                "SSE: events connection, instruction (id = instruction_id), heartbeat, error."
                                        + " Honours Last-Event-ID. Role agent.")
                        .header("Last-Event-ID", "Resume after this instruction")
                        .query("lastEventId", Schema.type("string"), "Same as the Last-Event-ID header")
                        .answer(200, "The instruction stream", "text/event-stream", Schema.type("string"))),
                this::stream,
                WRITE,
                AGENT_ID);
        endpoints.post(
                SESSION + "/instructions/{instruction_id}/ack",
                agent(Operation.of("Acknowledge Instruction", "received, processed, failed or declined. Role agent.")
                        .body(Schema.ref("AgentInstructionAcknowledgement"))
                        .ok(200, Schema.ref("AgentInstructionAcknowledgementResponse"))),
                this::acknowledge,
                WRITE,
                AGENT_ID);
        endpoints.post(
                SESSION + "/heartbeat",
                agent(Operation.of(
                                "Agent Heartbeat",
                                "Keeps the session and its connection alive. Role agent. The body is optional"
                                        + " (SmartEM's agents send none); Sightline's agent reports its outbox in"
                                        + " it, which the server keeps as the agent's latest figures (GET"
                                        + " /api/v1/agents, /metrics; docs/steering.md). Fields it does not know"
                                        + " are ignored.")
                        .body(Schema.ref("AgentHeartbeatRequest"))
                        .ok(200, Schema.type("object"))),
                this::heartbeat,
                WRITE,
                AGENT_ID);
        endpoints.post(
                SESSION + "/logs",
                agent(Operation.of("Agent Logs", "At most 1000 entries a batch (413 above). Role agent.")
                        .body(Schema.ref("AgentLogBatchRequest"))
                        .ok(200, Schema.ref("AgentLogBatchResponse"))
                        .problem(413, "More entries than a batch may hold, or body too large")),
                this::logs,
                WRITE,
                AGENT_ID);
        endpoints.post(
                SESSION + "/instructions",
                steering(Operation.of(
                                "Create Instruction",
                                "201 created; 200 when the same instruction_id and content exist; 409 other"
                                        + " content. Role steering or admin.")
                        .body(Schema.ref("CreateInstructionRequest"))
                        .ok(201, Schema.type("object"))),
                this::createInstruction,
                STEER);
        endpoints.get(
                SESSION + "/instructions",
                steering(Operation.of(
                                "List Instructions",
                                "The session's instructions in delivery order with status and"
                                        + " acknowledgements. Role steering or admin.")
                        .ok(200, Schema.ref("ListInstructionsResponse"))),
                this::listInstructions,
                STEER);

        endpoints.get(
                "/debug/sessions",
                steering(
                        Operation.of("Debug List Sessions", "Admin.").ok(200, Schema.ref("DebugListSessionsResponse"))),
                ctx -> {
                    List<ObjectNode> active = store.sessions().stream()
                            .filter(AgentSession::active)
                            .map(this::session)
                            .toList();
                    ObjectNode answer = mapper.createObjectNode();
                    answer.putArray("active_sessions").addAll(active);
                    ctx.json(answer.put("total_count", active.size()));
                });
        endpoints.post(
                "/debug/sessions/create",
                steering(Operation.of(
                                "Debug Create Session",
                                "Admin; SmartEM's defaults: agent_id test-agent, name Test Session, session_id"
                                        + " as given (409 when taken) or a new UUID.")
                        .body(Schema.type("object"))
                        .ok(200, Schema.type("object"))),
                ctx -> {
                    AgentSession s = debugCreateSession(ctx);
                    ctx.json(mapper.createObjectNode()
                            .put("session_id", s.sessionId())
                            .put("agent_id", s.agentId())
                            .put("status", "created")
                            .put("created_at", text(s.createdAt())));
                });
        endpoints.post(
                "/debug/sessions/create-managed",
                steering(Operation.of(
                                "Debug Create Managed Session", "Admin; as /debug/sessions/create, SmartEM's answer.")
                        .body(Schema.type("object"))
                        .ok(200, Schema.type("object"))),
                ctx -> {
                    AgentSession s = debugCreateSession(ctx);
                    ctx.json(mapper.createObjectNode()
                            .put("session_id", s.sessionId())
                            .put("status", "created")
                            .put("created_via", "connection_manager")
                            .put("timestamp", store.now().toString()));
                });
        endpoints.delete(
                "/debug/sessions/{session_id}/close",
                steering(Operation.of(
                                "Debug Close Session",
                                "Admin; the session becomes inactive and its stream ends (session_inactive).")
                        .ok(200, Schema.type("object"))),
                this::debugCloseSession);
        endpoints.get(
                "/debug/session/{session_id}/instructions",
                steering(Operation.of("Debug Session Instructions", "Admin.")
                        .ok(200, Schema.ref("DebugSessionInstructionsResponse"))),
                ctx -> {
                    AgentSession session = debugSession(ctx);
                    List<ObjectNode> instructions = instructionList(session);
                    ObjectNode answer = mapper.createObjectNode().put("session_id", session.sessionId());
                    answer.putArray("instructions").addAll(instructions);
                    answer.put("total_instructions", instructions.size());
                    ObjectNode stats = answer.putObject("acknowledgement_statistics");
                    store.acks(session.sessionId()).stream()
                            .collect(Collectors.groupingBy(
                                    a -> a.status().wireName(), java.util.TreeMap::new, Collectors.counting()))
                            .forEach(stats::put);
                    ctx.json(answer);
                });
        endpoints.post(
                "/debug/session/{session_id}/create-instruction",
                steering(Operation.of(
                                "Debug Create Instruction",
                                "Admin; body as POST .../instructions, with SmartEM's defaults: instruction_type"
                                        + " test.instruction, payload {\"test\": true}, expires_in_minutes 60 (0: none).")
                        .body(Schema.ref("DebugCreateInstructionRequest"))
                        .ok(200, Schema.type("object"))),
                ctx -> {
                    AgentSession session = activeForNewInstructions(debugSession(ctx));
                    Instruction i = create(
                                    session,
                                    bodies.newInstruction(
                                            bodies.withDebugInstructionDefaults(bodies.object(ctx, true))))
                            .instruction();
                    ctx.json(instruction(i)
                            .put("status", "created")
                            .put("instruction_status", i.status().wire()));
                });
        endpoints.get(
                "/debug/agent-connections",
                steering(Operation.of("Debug Agent Connections", "Admin: open instruction streams.")
                        .ok(200, Schema.ref("DebugAgentConnectionsResponse"))),
                ctx -> {
                    List<ObjectNode> active = store.activeConnections().stream()
                            .map(this::connection)
                            .toList();
                    ObjectNode answer = mapper.createObjectNode();
                    answer.putArray("active_connections").addAll(active);
                    ctx.json(answer.put("total_count", active.size()));
                });
        endpoints.get(
                "/debug/connection-stats",
                steering(Operation.of(
                                "Debug Connection Stats",
                                "Admin: active_connections, active_sessions, pending_instructions,"
                                        + " sent_instructions, total_instructions_pending, timestamp.")
                        .ok(200, Schema.type("object"))),
                ctx -> {
                    ConnectionStats s = store.stats();
                    ctx.json(mapper.createObjectNode()
                            .put("active_connections", s.activeConnections())
                            .put("active_sessions", s.activeSessions())
                            .put("pending_instructions", s.pendingInstructions())
                            .put("sent_instructions", s.sentInstructions())
                            .put("total_instructions_pending", s.pendingInstructions() + s.sentInstructions())
                            .put("timestamp", store.now().toString()));
                });
    }

    /** The problems every steering route may answer. */
    private static Operation steering(Operation operation) {
        if (operation.takesBody()) {
            operation.problem(400, "Body is not JSON").problem(415, "Body is not application/json");
        }
        return operation
                .problem(404, "unknown session or instruction (problem+json)")
                .problem(409, "state conflict (problem+json)")
                .problem(422, "validation error (problem+json)");
    }

    /** The problems of a route an agent calls for itself. */
    private static Operation agent(Operation operation) {
        return steering(operation)
                .problem(
                        403,
                        "The caller may not act for this agent: an agent token acts only for its own agent ids"
                                + " (admin for every agent; steering and viewer for none); the problem's detail"
                                + " names the caller, its agent ids and the agent asked for");
    }

    // ---- agent endpoints

    private void createSession(Context ctx) {
        String agentId = agentId(ctx);
        SteeringBodies.agentIdProblem(agentId).ifPresent(problem -> {
            throw ApiException.unprocessable(List.of(
                    new ApiException.FieldError(List.of("path", "agent_id"), problem.message(), problem.type())));
        });
        SteeringBodies.SessionFields fields = bodies.session(bodies.object(ctx, true));
        AgentSession session =
                store.createSession(agentId, fields.name(), fields.acquisitionUuid(), fields.metadataJson());
        ctx.status(201).json(session(session));
    }

    private void stream(Context ctx) {
        AgentSession session = active(sessionOf(ctx), "open a stream");
        String lastEventId = ctx.header("Last-Event-ID");
        if (lastEventId == null || lastEventId.isBlank()) {
            lastEventId = ctx.queryParam("lastEventId");
        }
        streams.open(ctx, session, lastEventId == null || lastEventId.isBlank() ? null : lastEventId.strip(), signal);
    }

    private void acknowledge(Context ctx) {
        AgentSession session = sessionOf(ctx);
        Acknowledgement ack = bodies.acknowledgement(bodies.object(ctx, false));
        String instructionId = ctx.pathParam("instruction_id");
        SteeringStore.AckResult result = store.acknowledge(session.sessionId(), instructionId, ack);
        if (result.outcome() instanceof AckRules.Outcome.Conflict conflict) {
            throw ApiException.conflict("instruction " + instructionId + ": " + conflict.reason());
        }
        if (result.outcome() instanceof AckRules.Outcome.Apply) {
            signal.signal(session.sessionId());
        }
        ctx.json(mapper.createObjectNode()
                .put("status", "success")
                .put("ack_status", ack.status().wireName())
                .put("instruction_id", instructionId)
                .put("acknowledged_at", result.acknowledgedAt().toString())
                .put("agent_id", session.agentId())
                .put("session_id", session.sessionId()));
    }

    private void heartbeat(Context ctx) {
        AgentSession session = active(sessionOf(ctx), "send a heartbeat");
        Optional<OutboxReport> outbox = bodies.heartbeat(bodies.object(ctx, true));
        String connectionId = store.heartbeat(session.sessionId()).orElse(null);
        outbox.ifPresent(o -> store.report(new AgentReport(session.agentId(), session.sessionId(), o, store.now())));
        String now = store.now().toString();
        ctx.json(mapper.createObjectNode()
                .put("status", "success")
                .put("heartbeat_timestamp", now)
                .put("timestamp", now)
                .put("session_id", session.sessionId())
                .put("agent_id", session.agentId())
                .put("connection_id", connectionId));
    }

    private void logs(Context ctx) {
        AgentSession session = sessionOf(ctx);
        List<AgentLogEntry> entries = bodies.logs(bodies.object(ctx, false));
        ctx.json(Map.of("stored", store.storeLogs(session, entries)));
    }

    // ---- instructions for operators and services

    private void createInstruction(Context ctx) {
        AgentSession session = activeForNewInstructions(sessionOf(ctx));
        SteeringStore.Created created = create(session, bodies.newInstruction(bodies.object(ctx, false)));
        ctx.status(created.created() ? 201 : 200).json(instruction(created.instruction()));
    }

    private SteeringStore.Created create(AgentSession session, NewInstruction request) {
        SteeringStore.Created created = store.createInstruction(session, request, bodies::samePayload);
        if (created.created()) {
            signal.signal(session.sessionId());
        }
        return created;
    }

    private void listInstructions(Context ctx) {
        ctx.json(instructionList(sessionOf(ctx)));
    }

    private List<ObjectNode> instructionList(AgentSession session) {
        Map<String, List<SteeringStore.StoredAck>> acks = store.acks(session.sessionId()).stream()
                .collect(Collectors.groupingBy(SteeringStore.StoredAck::instructionId));
        return store.instructions(session.sessionId()).stream()
                .map(i -> {
                    ObjectNode node = instruction(i);
                    ArrayNode list = node.putArray("acks");
                    for (SteeringStore.StoredAck a : acks.getOrDefault(i.instructionId(), List.of())) {
                        list.addObject()
                                .put("status", a.status().wireName())
                                .put("result", a.result())
                                .put("error_message", a.errorMessage())
                                .put("processing_time_ms", a.processingTimeMs())
                                .put("processed_at", text(a.processedAt()))
                                .put("client_processed_at", a.clientProcessedAt())
                                .put("created_at", text(a.createdAt()));
                    }
                    return node;
                })
                .toList();
    }

    // ---- SmartEM debug endpoints

    /** SmartEM's debug session: its defaults ({@code test-agent}, {@code Test Session}) and the id it is given. */
    private AgentSession debugCreateSession(Context ctx) {
        ObjectNode body = bodies.object(ctx, true);
        if (!body.has("agent_id")) {
            body.put("agent_id", "test-agent");
        }
        if (!body.has("name")) {
            body.put("name", "Test Session");
        }
        String agentId = bodies.agentId(body);
        String sessionId = bodies.sessionId(body);
        SteeringBodies.SessionFields fields = bodies.session(body);
        return store.createSession(sessionId, agentId, fields.name(), fields.acquisitionUuid(), fields.metadataJson());
    }

    private void debugCloseSession(Context ctx) {
        AgentSession session = debugSession(ctx);
        boolean closed = store.closeSession(session.sessionId());
        signal.signal(session.sessionId());
        ctx.json(mapper.createObjectNode()
                .put("status", closed ? "closed" : "already inactive")
                .put("session_id", session.sessionId())
                .put("closed_via", "connection_manager")
                .put("timestamp", store.now().toString()));
    }

    private AgentSession debugSession(Context ctx) {
        String id = ctx.pathParam("session_id");
        return store.session(id).orElseThrow(() -> new DataException.NotFound("no session " + id));
    }

    // ---- lookups

    private static String agentId(Context ctx) {
        return ctx.pathParam("agent_id");
    }

    private AgentSession sessionOf(Context ctx) {
        return store.sessionOf(agentId(ctx), ctx.pathParam("session_id"));
    }

    private static AgentSession active(AgentSession session, String what) {
        if (!session.active()) {
            throw ApiException.conflict("session " + session.sessionId() + " is inactive: cannot " + what);
        }
        return session;
    }

    private static AgentSession activeForNewInstructions(AgentSession session) {
        return active(session, "create instructions");
    }

    // ---- JSON

    private ObjectNode session(AgentSession s) {
        ObjectNode node = mapper.createObjectNode()
                .put("session_id", s.sessionId())
                .put("agent_id", s.agentId())
                .put("status", s.status())
                .put("created_at", text(s.createdAt()))
                .put("name", s.name())
                .put("acquisition_uuid", s.acquisitionUuid())
                .put("last_activity_at", text(s.lastActivityAt()))
                .put("ended_at", text(s.endedAt()));
        node.set("metadata", s.metadataJson() == null ? null : readJson(s.metadataJson()));
        return node;
    }

    private ObjectNode connection(AgentConnection c) {
        return mapper.createObjectNode()
                .put("connection_id", c.connectionId())
                .put("session_id", c.sessionId())
                .put("agent_id", c.agentId())
                .put("status", c.status())
                .put("client_address", c.clientAddress())
                .put("created_at", text(c.createdAt()))
                .put("last_heartbeat_at", text(c.lastHeartbeatAt()))
                .put("closed_at", text(c.closedAt()))
                .put("close_reason", c.closeReason());
    }

    private ObjectNode instruction(Instruction i) {
        ObjectNode node = mapper.createObjectNode()
                .put("instruction_id", i.instructionId())
                .put("session_id", i.sessionId())
                .put("agent_id", i.agentId())
                .put("instruction_type", i.instructionType());
        node.set("payload", readJson(i.payloadJson()));
        return node.put("priority", i.priority().wireName())
                .put("sequence_number", i.sequenceNumber())
                .put("status", i.status().wire())
                .put("created_at", text(i.createdAt()))
                .put("sent_at", text(i.sentAt()))
                .put("expires_at", text(i.expiresAt()))
                .put("retry_count", i.retryCount())
                .put("max_retries", i.maxRetries())
                .put("delivery_count", i.deliveryCount())
                .put("ack_status", i.ackStatus() == null ? null : i.ackStatus().wireName())
                .put("result", i.ackResult())
                .put("error_message", i.ackErrorMessage())
                .put("processing_time_ms", i.processingTimeMs())
                .put("processed_at", text(i.processedAt()))
                .put("client_processed_at", i.clientProcessedAt())
                .put("acknowledged_at", text(i.acknowledgedAt()));
    }

    private com.fasterxml.jackson.databind.JsonNode readJson(String json) {
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(Instant t) {
        return t == null ? null : t.toString();
    }
}
