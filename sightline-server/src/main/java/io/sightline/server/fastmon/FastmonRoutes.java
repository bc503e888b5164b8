package io.sightline.server.fastmon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.sightline.core.wire.SwfField;
import io.sightline.server.api.ApiRoutes;
import io.sightline.server.api.JsonBodies;
import io.sightline.server.events.EventFilter;
import io.sightline.server.http.ApiException;
import io.sightline.server.http.Endpoints;
import io.sightline.server.http.Operation;
import io.sightline.server.http.Schema;
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

    private static final String PAGED = " A bare list unless limit or offset is given, then {count, next, previous,"
            + " results} (limit 1-1000, default 100).";

    private static Operation listing(String summary, String description, String... filters) {
        Operation op = Operation.of(summary, description + PAGED);
        for (String f : filters) {
            op.query(f, Schema.type("string"), null);
        }
        return op.query("limit", Schema.type("integer"), null)
                .query("offset", Schema.type("integer"), null)
                .ok(200, Schema.any())
                .problem(
                        400,
                        "A filter that is not of its type (run_number digits, status lowercase, workflow_id UUID)");
    }

    private static Operation creating(String summary, String description) {
        return Operation.of(summary, description)
                .body(Schema.any())
                .ok(201, Schema.any())
                .problem(400, "A field missing or invalid, an unknown parent, or a duplicate name (named in detail)");
    }

    @Override
    public void register(Endpoints endpoints) {
        endpoints.get(
                "/api/runs",
                listing("swf: list runs", "Fast monitoring runs (docs/fastmon.md).", "run_number"),
                ctx -> list(
                        ctx,
                        store.runs(SwfBody.parseFilterNumber("run_number", ctx.queryParam("run_number")), page(ctx))));
        endpoints.post(
                "/api/runs",
                creating("swf: create a run", "{run_number, start_time?, end_time?, run_conditions?}."),
                ctx -> created(ctx, store.createRun(body(ctx))));
        endpoints.get(
                "/api/stf-files",
                listing(
                        "swf: list STF files",
                        "Super time frame files.",
                        "stf_filename",
                        "run_number",
                        "status",
                        "workflow_id"),
                ctx -> list(
                        ctx,
                        store.stfFiles(
                                blankToNull(ctx.queryParam("stf_filename")),
                                SwfBody.parseFilterNumber("run_number", ctx.queryParam("run_number")),
                                SwfBody.parseFilterStatus(ctx.queryParam("status")),
                                workflowId(ctx.queryParam("workflow_id")),
                                page(ctx))));
        endpoints.post(
                "/api/stf-files",
                creating(
                        "swf: register an STF file",
                        "{run (the run's run_id), stf_filename, file_size_bytes?, checksum?, status?, metadata?, tf_count?}."),
                ctx -> created(ctx, store.createStf(body(ctx))));
        endpoints.get(
                "/api/fastmon-files",
                listing(
                        "swf: list TF samples",
                        "TF samples; stf_file is the parent's filename.",
                        "tf_filename",
                        "stf_filename",
                        "run_number",
                        "status"),
                ctx -> list(
                        ctx,
                        store.tfFiles(
                                blankToNull(ctx.queryParam("tf_filename")),
                                blankToNull(ctx.queryParam("stf_filename")),
                                SwfBody.parseFilterNumber("run_number", ctx.queryParam("run_number")),
                                SwfBody.parseFilterStatus(ctx.queryParam("status")),
                                page(ctx))));
        endpoints.post(
                "/api/fastmon-files",
                creating(
                        "swf: register a TF sample",
                        "{stf_file (parent filename), tf_filename, tf_first?, tf_last?, tf_count?, file_size_bytes?,"
                                + " status?}; 0 <= tf_first <= tf_last < the STF's tf_count, tf_count = tf_last - tf_first + 1."),
                ctx -> created(ctx, store.createTf(body(ctx))));
        endpoints.post(
                "/api/fastmon-files/bulk",
                creating(
                                "Register one STF's TF samples at once",
                                "{run_number, stf:{stf_filename, ...}, samples:[...], sender?, namespace?}: the run and"
                                        + " STF are created when absent, new samples inserted and each announced with one"
                                        + " tf_file_registered on /api/messages/stream/, in one transaction; samples already"
                                        + " registered under the same STF are listed as existing (a retry changes nothing).")
                        .problem(413, "More samples than one call may carry"),
                ctx -> created(ctx, store.registerBulk(body(ctx))));
        endpoints.get(
                "/api/systemagents",
                listing("swf: list system agents", "Agents silent for 3 minutes are EXITED."),
                ctx -> list(ctx, store.agents(page(ctx))));
        endpoints.post(
                "/api/systemagents/heartbeat",
                creating(
                                "swf: agent heartbeat",
                                "{instance_name, agent_type?, status?, operational_state?, pid?, hostname?, namespace?,"
                                        + " description?, metadata?}; 201 when new, 200 when known; marks silent agents EXITED.")
                        .ok(200, Schema.any()),
                ctx -> {
                    FastmonStore.Heartbeat beat = store.heartbeat(body(ctx));
                    ctx.status(beat.created() ? 201 : 200).json(beat.agent());
                });
        endpoints.post(
                "/api/state/next-run-number",
                Operation.of("swf: next run number", "{run_number, status}; an atomic counter from 100010.")
                        .ok(200, Schema.any()),
                ctx -> ctx.json(mapper.createObjectNode()
                        .put("run_number", store.next("next_run_number"))
                        .put("status", "success")));
        endpoints.post(
                "/api/state/next-agent-id",
                Operation.of("swf: next agent id", "{agent_id, status: success}; an atomic counter from 1.")
                        .ok(200, Schema.any()),
                ctx -> ctx.json(mapper.createObjectNode()
                        .put("agent_id", store.next("next_agent_id"))
                        .put("status", "success")));
        // The reference agents register themselves as subscribers and exit on a 4xx; Sightline keeps no
        // subscriber rows (its stream needs none), so the registration is acknowledged and not stored.
        endpoints.post(
                "/api/subscribers",
                creating(
                        "swf: subscriber registration",
                        "Acknowledged and not stored (the stream needs no subscriber rows)."),
                ctx -> created(ctx, body(ctx).node()));
        endpoints.post(
                "/api/messages",
                creating(
                                "Publish a bus message to the stream",
                                "Any JSON object with msg_type (the swf envelope: sender, namespace); a message_id seen"
                                        + " before is not sent again (200, status duplicate).")
                        .ok(200, Schema.any()),
                this::publish);
        endpoints.get(
                STREAM_PATH,
                Operation.of(
                                "swf message stream (SSE)",
                                "event: connected first, then one event per bus message named by its msg_type, each with"
                                        + " an id; Last-Event-ID resumes; heartbeat when idle. agents matches sender or"
                                        + " processed_by; run_ids matches run_id or run_number, number or string.")
                        .query("msg_types", Schema.type("string"), "comma-separated")
                        .query("agents", Schema.type("string"), "comma-separated")
                        .query("run_ids", Schema.type("string"), "comma-separated")
                        .query("namespace", Schema.type("string"), null)
                        .header("Last-Event-ID", "Resume after this event id")
                        .answer(200, "The stream", "text/event-stream", null),
                this::stream);
        endpoints.get(
                STREAM_PATH + "/status",
                Operation.of("swf: stream status", "{connected_clients, status}.")
                        .ok(200, Schema.any()),
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
