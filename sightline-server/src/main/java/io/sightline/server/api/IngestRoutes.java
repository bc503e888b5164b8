package io.sightline.server.api;

import static io.sightline.server.api.ApiRole.WRITE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.sightline.core.ids.EntityUuids;
import io.sightline.core.wire.EntityType;
import io.sightline.server.auth.AccessControl;
import io.sightline.server.auth.AgentScope;
import io.sightline.server.http.ApiException;
import io.sightline.server.http.Endpoints;
import io.sightline.server.http.Operation;
import io.sightline.server.http.Schema;
import io.sightline.server.persistence.DataException;
import io.sightline.server.persistence.EntityKind;
import io.sightline.server.persistence.EntityStore;
import io.sightline.server.persistence.IngestLog;
import io.sightline.server.persistence.Outcome;
import io.sightline.server.persistence.Upsert;
import io.sightline.server.persistence.UpsertResult;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/v1/ingest}: one batch of mixed entity upserts, applied in one transaction (parents
 * before children, whatever their order in the batch), answered item by item.
 *
 * <p>Request: {@code {"items": [{"kind": "gridsquare", "uuid": "...", "grid_uuid": "...",
 * "gridsquare_id": "1001", ...}, ...]}} — each item is the SmartEM create body of its kind plus
 * {@code kind}. Kinds: acquisition, grid, atlas, atlas_tile, gridsquare,
 * atlas_tile_gridsquare_position (no uuid: it is derived from tile and square), foilhole, micrograph.
 * The {@code Idempotency-Key} header is required.
 *
 * <p>Answer (200): {@code {"results": [{"index": 0, "kind": ..., "uuid": ..., "result":
 * "created|updated|unchanged|error", "status": 404, "reason": "..."}], "summary": {"created": n, ...}}}.
 * Items in error are not applied; the others are. A repeat with the same key and body gets the same
 * answer (header {@code Idempotent-Replayed: true}) and writes nothing.
 */
public final class IngestRoutes implements ApiRoutes {
    private final EntityStore store;
    private final IngestLog log;
    private final JsonBodies bodies;

    public IngestRoutes(EntityStore store, IngestLog log, JsonBodies bodies) {
        this.store = store;
        this.log = log;
        this.bodies = bodies;
    }

    @Override
    public void register(Endpoints endpoints) {
        endpoints.post(
                "/api/v1/ingest",
                Operation.of(
                                "Ingest a batch of entity upserts",
                                "One idempotent batch of mixed entity upserts, applied in one transaction (parents"
                                        + " before children). Items in error are reported and not applied; the others"
                                        + " are. A repeat with the same Idempotency-Key and body returns the stored"
                                        + " answer with header Idempotent-Replayed: true and writes nothing; the same"
                                        + " key with another body is 422. The batch is logged with who wrote it (token"
                                        + " or OIDC user and the agent ids it acts for).")
                        .header("Idempotency-Key", "Required: 1 to 200 characters naming this batch")
                        .body(Schema.ref("IngestRequest"))
                        .answer(200, "Per-item results", "application/json", Schema.ref("IngestResponse"))
                        .problem(400, "Body is not JSON or Idempotency-Key missing")
                        .problem(413, "Body too large")
                        .problem(415, "Body is not application/json")
                        .problem(422, "Body is not an items list, or key reused with a different body"),
                this::ingest,
                WRITE);
    }

    private record Item(int index, String kind, String uuid, Upsert upsert, ApiException error) {}

    private void ingest(Context ctx) {
        String key = ctx.header("Idempotency-Key");
        if (key == null || key.isBlank() || key.length() > 200) {
            throw ApiException.badRequest("the Idempotency-Key header is required (1 to 200 characters)");
        }
        byte[] raw = ctx.bodyAsBytes();
        ObjectNode body = bodies.readObject(ctx);
        JsonNode itemsNode = body.get("items");
        if (!(itemsNode instanceof ArrayNode array)) {
            throw ApiException.unprocessable(List.of(new ApiException.FieldError(
                    List.of("body", "items"), "Field required (a list of items)", "missing")));
        }
        List<Item> items = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            items.add(parse(i, array.get(i)));
        }
        IngestLog.Answer answer = log.run(key, sha256(raw), writtenBy(ctx), tx -> {
            List<Upsert> upserts = items.stream()
                    .filter(item -> item.upsert() != null)
                    .map(Item::upsert)
                    .toList();
            List<UpsertResult> results = store.upsert(tx, upserts);
            return answer(items, results).toString();
        });
        if (answer.replayed()) {
            ctx.header("Idempotent-Replayed", "true");
        }
        ctx.status(200).contentType("application/json").result(answer.json());
    }

    /** Who sends this batch, for the ingest log: an agent token may ingest, and the log names it. */
    private static IngestLog.WrittenBy writtenBy(Context ctx) {
        return AccessControl.principal(ctx)
                .map(p -> new IngestLog.WrittenBy(
                        p.source(),
                        p.name(),
                        p.agents() instanceof AgentScope.Named named ? named.agentIds() : List.of()))
                .orElse(IngestLog.WrittenBy.UNKNOWN);
    }

    private Item parse(int index, JsonNode node) {
        List<String> loc = List.of("body", "items", Integer.toString(index));
        String kindName = text(node, EntityType.KIND_FIELD);
        try {
            ObjectNode object = bodies.object(node, loc);
            EntityKind kind = EntityKind.fromWireName(kindName)
                    .orElseThrow(() -> ApiException.unprocessable(List.of(new ApiException.FieldError(
                            JsonBodies.append(loc, EntityType.KIND_FIELD),
                            "unknown kind '" + kindName + "'",
                            "enum"))));
            boolean derivedUuid = !kind.type().uuidOnWire();
            List<String> required = new ArrayList<>();
            if (!derivedUuid) {
                required.add(EntityType.UUID_FIELD);
            }
            if (kind.parentColumn() != null) {
                required.add(kind.parentColumn());
            }
            JsonBodies.Parsed parsed = bodies.entity(kind, object, required, Map.of(), loc);
            String uuid = derivedUuid
                    ? EntityUuids.position((String) parsed.fields().get(kind.parentColumn()), (String)
                            parsed.fields().getOrDefault(kind.naturalKeyColumn(), ""))
                    : parsed.uuid();
            if (derivedUuid && parsed.fields().get(kind.naturalKeyColumn()) == null) {
                throw ApiException.unprocessable(List.of(new ApiException.FieldError(
                        JsonBodies.append(loc, kind.naturalKeyColumn()), "Field required", "missing")));
            }
            return new Item(index, kind.wireName(), uuid, Upsert.createOrUpdate(kind, uuid, parsed.fields()), null);
        } catch (ApiException e) {
            return new Item(index, kindName, text(node, EntityType.UUID_FIELD), null, e);
        }
    }

    /** A field of an item as text, to name the item in its error: the value may be anything a client sent. */
    private static String text(JsonNode node, String field) {
        return node != null && node.get(field) != null ? node.get(field).asText() : null;
    }

    private ObjectNode answer(List<Item> items, List<UpsertResult> results) {
        ObjectNode answer = bodies.mapper().createObjectNode();
        ArrayNode list = answer.putArray("results");
        Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
        for (Outcome outcome : Outcome.values()) {
            counts.put(outcome, 0);
        }
        int next = 0;
        for (Item item : items) {
            ObjectNode row = list.addObject();
            row.put("index", item.index());
            row.put("kind", item.kind());
            row.put("uuid", item.uuid());
            if (item.error() != null) {
                row.put("result", Outcome.ERROR.wireName());
                row.put("status", item.error().status());
                row.put("reason", item.error().getMessage());
                counts.merge(Outcome.ERROR, 1, Integer::sum);
                continue;
            }
            UpsertResult result = results.get(next++);
            row.put("result", result.outcome().wireName());
            if (result.error() != null) {
                row.put("status", statusOf(result.error()));
                row.put("reason", result.error().getMessage());
            }
            counts.merge(result.outcome(), 1, Integer::sum);
        }
        ObjectNode summary = answer.putObject("summary");
        counts.forEach((outcome, n) -> summary.put(outcome.wireName(), n));
        return answer;
    }

    private static int statusOf(DataException error) {
        return switch (error) {
            case DataException.NotFound ignored -> 404;
            case DataException.Conflict ignored -> 409;
            case DataException.Invalid ignored -> 422;
        };
    }

    private static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }
}
