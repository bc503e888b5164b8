package io.sightline.server.fastmon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.sightline.core.wire.SwfField;
import io.sightline.server.api.ApiException;
import io.sightline.server.api.ApiRoutes;
import io.sightline.server.api.JsonBodies;
import io.sightline.server.events.EventFilter;
import io.sightline.server.sse.SseHub;
import io.sightline.server.sse.StreamFilter;
import java.util.UUID;

/**
 * The swf-monitor-compatible fast-monitoring API (contracts/swf-fastmon.md §4): runs, STF files, TF
 * samples (and Sightline's bulk registration), agent heartbeats, the counters, message publishing and the
 * message stream. Every answer is JSON, errors included: the reference agent retries a 404 or a
 * non-JSON answer for minutes on its receiving thread. Trailing slashes are optional, as the router
 * ignores them.
 */
public final class FastmonRoutes implements ApiRoutes {
    public static final String STREAM_PATH = "/api/messages/stream";

    private final FastmonStore store;
    private final JsonBodies bodies;
    private final SseHub hub;
    private final ObjectMapper mapper;
    private final ParsedPayloads payloads;

    public FastmonRoutes(FastmonStore store, JsonBodies bodies, SseHub hub) {
        this.store = store;
        this.bodies = bodies;
        this.hub = hub;
        this.mapper = bodies.mapper();
        this.payloads = new ParsedPayloads(mapper);
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get(
                "/api/runs",
                ctx -> list(
                        ctx,
                        store.runs(SwfBody.parseFilterNumber("run_number", ctx.queryParam("run_number")), page(ctx))));
        routes.post("/api/runs", ctx -> created(ctx, store.createRun(body(ctx))));
        routes.get(
                "/api/stf-files",
                ctx -> list(
                        ctx,
                        store.stfFiles(
                                blankToNull(ctx.queryParam("stf_filename")),
                                SwfBody.parseFilterNumber("run_number", ctx.queryParam("run_number")),
                                SwfBody.parseFilterStatus(ctx.queryParam("status")),
                                workflowId(ctx.queryParam("workflow_id")),
                                page(ctx))));
        routes.post("/api/stf-files", ctx -> created(ctx, store.createStf(body(ctx))));
        routes.get(
                "/api/fastmon-files",
                ctx -> list(
                        ctx,
                        store.tfFiles(
                                blankToNull(ctx.queryParam("tf_filename")),
                                blankToNull(ctx.queryParam("stf_filename")),
                                SwfBody.parseFilterNumber("run_number", ctx.queryParam("run_number")),
                                SwfBody.parseFilterStatus(ctx.queryParam("status")),
                                page(ctx))));
        routes.post("/api/fastmon-files", ctx -> created(ctx, store.createTf(body(ctx))));
        routes.post("/api/fastmon-files/bulk", ctx -> created(ctx, store.registerBulk(body(ctx))));
        routes.get("/api/systemagents", ctx -> list(ctx, store.agents(page(ctx))));
        routes.post("/api/systemagents/heartbeat", ctx -> {
            FastmonStore.Heartbeat beat = store.heartbeat(body(ctx));
            ctx.status(beat.created() ? 201 : 200).json(beat.agent());
        });
        routes.post(
                "/api/state/next-run-number",
                ctx -> ctx.json(mapper.createObjectNode()
                        .put("run_number", store.next("next_run_number"))
                        .put("status", "success")));
        routes.post(
                "/api/state/next-agent-id",
                ctx -> ctx.json(mapper.createObjectNode()
                        .put("agent_id", store.next("next_agent_id"))
                        .put("status", "success")));
        // The reference agents register themselves as subscribers and exit on a 4xx; Sightline keeps no
        // subscriber rows (its stream needs none), so the registration is acknowledged and not stored.
        routes.post("/api/subscribers", ctx -> created(ctx, body(ctx).node()));
        routes.post("/api/messages", this::publish);
        routes.get(STREAM_PATH, this::stream);
        routes.get(
                STREAM_PATH + "/status",
                ctx -> ctx.json(mapper.createObjectNode()
                        .put("connected_clients", hub.clientCount())
                        .put("status", "ok")));
    }

    /** Sightline's REST way onto the bus's stream (swf-monitor has none): the same envelope as AMQP. */
    private void publish(Context ctx) {
        JsonNode node = bodies.read(ctx);
        SwfMessage message;
        try {
            message = SwfMessage.of(node, UUID.randomUUID().toString());
        } catch (SwfMessage.Malformed e) {
            throw ApiException.badRequest("message: " + e.getMessage());
        }
        boolean fresh = store.recordMessage(message, "rest");
        ctx.status(fresh ? 201 : 200)
                .json(mapper.createObjectNode()
                        .put(SwfField.MESSAGE_ID, message.messageId())
                        .put("status", fresh ? "accepted" : "duplicate"));
    }

    private void stream(Context ctx) {
        MessageFilter filter = MessageFilter.parse(
                ctx.queryParam("msg_types"),
                ctx.queryParam("agents"),
                ctx.queryParam("run_ids"),
                ctx.queryParam(SwfField.NAMESPACE),
                payloads);
        String clientId = UUID.randomUUID().toString();
        ObjectNode connected =
                mapper.createObjectNode().put("client_id", clientId).put("status", "connected");
        ctx.header("Access-Control-Allow-Origin", "*");
        hub.open(
                ctx,
                new StreamFilter(new EventFilter(null, filter.msgTypes()), null, filter),
                new SseHub.Greeting("connected", connected.toString()));
    }

    private SwfBody body(Context ctx) {
        return new SwfBody(bodies.readObject(ctx), "");
    }

    private static void created(Context ctx, ObjectNode body) {
        ctx.status(201).json(body);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static String workflowId(String raw) {
        String s = blankToNull(raw);
        if (s == null) {
            return null;
        }
        try {
            return UUID.fromString(s).toString();
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("query parameter workflow_id must be a UUID, got '" + raw + "'");
        }
    }

    /** swf-monitor paginates only when asked ({@code limit} or {@code offset}). */
    private static FastmonStore.Page page(Context ctx) {
        String limit = ctx.queryParam("limit");
        String offset = ctx.queryParam("offset");
        if (blankToNull(limit) == null && blankToNull(offset) == null) {
            return new FastmonStore.Page(null, 0);
        }
        Long l = SwfBody.parseFilterNumber("limit", limit);
        Long o = SwfBody.parseFilterNumber("offset", offset);
        int lim = l == null ? DEFAULT_LIMIT : (int) Math.min(Math.max(l, 1), MAX_LIMIT);
        return new FastmonStore.Page(lim, o == null ? 0 : (int) Math.min(o, Integer.MAX_VALUE));
    }

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private void list(Context ctx, FastmonStore.Listing listing) {
        ArrayNode rows = mapper.createArrayNode();
        listing.rows().forEach(rows::add);
        FastmonStore.Page page = page(ctx);
        if (page.limit() == null) {
            ctx.json(rows);
            return;
        }
        ObjectNode out = mapper.createObjectNode();
        out.put("count", listing.count());
        int next = page.offset() + page.limit();
        out.put("next", next < listing.count() ? pageUrl(ctx, next, page.limit()) : null);
        out.put(
                "previous",
                page.offset() > 0 ? pageUrl(ctx, Math.max(0, page.offset() - page.limit()), page.limit()) : null);
        out.set("results", rows);
        ctx.json(out);
    }

    private static String pageUrl(Context ctx, int offset, int limit) {
        StringBuilder q = new StringBuilder();
        ctx.queryParamMap().forEach((k, vs) -> {
            if (!k.equals("limit") && !k.equals("offset")) {
                for (String v : vs) {
                    q.append(q.isEmpty() ? "" : "&")
                            .append(encode(k))
                            .append('=')
                            .append(encode(v));
                }
            }
        });
        q.append(q.isEmpty() ? "" : "&")
                .append("limit=")
                .append(limit)
                .append("&offset=")
                .append(offset);
        return ctx.url() + "?" + q;
    }

    private static String encode(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }
}
