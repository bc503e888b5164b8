package io.sightline.server.pipeline;

import static io.sightline.server.api.ApiRole.READ;
import static io.sightline.server.api.ApiRole.STEER;
import static io.sightline.server.pipeline.PipelineRoutes.authed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.sightline.pipeline.graph.GraphException;
import io.sightline.pipeline.graph.PipelineGraph;
import io.sightline.server.api.ApiRoutes;
import io.sightline.server.api.JsonBodies;
import io.sightline.server.http.ApiException;
import io.sightline.server.http.ApiException.FieldError;
import io.sightline.server.http.Endpoints;
import io.sightline.server.http.Operation;
import io.sightline.server.http.Schema;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * {@code /api/v1/pipeline/attachments} (docs/pipelines.md, "Runs triggered by acquisition"): attach a pipeline
 * to an acquisition so that its new micrographs are processed in batches as they arrive, list and read
 * attachments with their batches, flush what waits now, detach. Attaching, flushing and detaching need the
 * steering role, as starting a run does (they spend the facility's cluster); reading the viewer role.
 */
public final class AttachmentRoutes implements ApiRoutes {
    public static final String PATH = PipelineRoutes.PATH + "/attachments";
    static final int DEFAULT_BATCH_SIZE = 20;
    static final double DEFAULT_MAX_WAIT_SECONDS = 60;

    private final Pipelines pipelines;
    private final JsonBodies bodies;
    private final PipelineRoutes runs;
    private final ObjectMapper mapper;

    public AttachmentRoutes(Pipelines pipelines, JsonBodies bodies) {
        this.pipelines = pipelines;
        this.bodies = bodies;
        this.runs = new PipelineRoutes(pipelines, bodies);
        this.mapper = bodies.mapper();
    }

    @Override
    public void register(Endpoints endpoints) {
        endpoints.post(
                PATH,
                authed(
                                Operation.of(
                                                "Attach a pipeline to an acquisition",
                                                "From now on the acquisition's new micrographs are collected into"
                                                        + " batches (batch_size, or what waits after"
                                                        + " max_wait_seconds) and each batch becomes a run of the"
                                                        + " pipeline whose import reads exactly its movies (with"
                                                        + " include_existing, also the micrographs it already has)."
                                                        + " The"
                                                        + " pipeline is a template or given whole, as for a run, and"
                                                        + " needs a spa.import job; it is checked now. Steering role.")
                                        .body(Schema.ref("PipelineAttachmentRequest")),
                                "steering")
                        .ok(201, Schema.ref("PipelineAttachment"))
                        .problem(400, "Body is not JSON")
                        .problem(404, "No such template")
                        .problem(415, "Body is not application/json")
                        .problem(422, "A field or the pipeline is invalid, or the acquisition does not exist"),
                this::attach,
                STEER);
        endpoints.get(
                PATH,
                authed(Operation.of("Attachments", "Every attachment, newest first, with its counts."), "viewer")
                        .ok(200, Schema.listOf(Schema.ref("PipelineAttachment"))),
                ctx -> {
                    ArrayNode a = mapper.createArrayNode();
                    pipelines.attachments().all().forEach(x -> a.add(json(x, false)));
                    ctx.status(200).json(a);
                },
                READ);
        endpoints.get(
                PATH + "/{attachment_id}",
                authed(Operation.of("An attachment", "The attachment with its batches and their runs."), "viewer")
                        .ok(200, Schema.ref("PipelineAttachment"))
                        .problem(404, "No such attachment"),
                ctx -> ctx.status(200).json(json(attachment(ctx), true)),
                READ);
        endpoints.post(
                PATH + "/{attachment_id}/flush",
                authed(
                                Operation.of(
                                        "Process what waits now",
                                        "The micrographs waiting in the attachment become a batch at once,"
                                                + " without waiting for a full batch or the maximum wait."
                                                + " Steering role."),
                                "steering")
                        .ok(202, Schema.ref("PipelineAttachment"))
                        .problem(404, "No such attachment")
                        .problem(409, "The attachment is detached"),
                ctx -> {
                    Attachment a = attachment(ctx);
                    if (!a.active()) {
                        throw ApiException.conflict("attachment " + a.id() + " is detached");
                    }
                    pipelines.trigger().flush(a.id());
                    ctx.status(202).json(json(a, false));
                },
                STEER);
        endpoints.delete(
                PATH + "/{attachment_id}",
                authed(
                                Operation.of(
                                        "Detach",
                                        "Stops collecting micrographs; runs already started go on, micrographs"
                                                + " still waiting are not processed (flush first to process them)."
                                                + " Detaching twice answers the detached attachment. Steering role."),
                                "steering")
                        .ok(200, Schema.ref("PipelineAttachment"))
                        .problem(404, "No such attachment"),
                ctx -> {
                    Attachment a = attachment(ctx);
                    pipelines.attachments().detach(a.id(), pipelines.clock().instant());
                    ctx.status(200).json(json(attachment(ctx), false));
                },
                STEER);
    }

    private Attachment attachment(Context ctx) {
        String id = ctx.pathParam("attachment_id");
        return pipelines.attachments().attachment(id).orElseThrow(() -> ApiException.notFound("no attachment " + id));
    }

    private void attach(Context ctx) {
        ObjectNode body = bodies.readObject(ctx);
        List<FieldError> errors = new ArrayList<>();
        String acquisition = body.path("acquisition_uuid").isTextual()
                ? body.get("acquisition_uuid").asText()
                : null;
        if (acquisition == null) {
            errors.add(new FieldError(List.of("body", "acquisition_uuid"), "the acquisition to attach to", "missing"));
        }
        int batchSize = whole(body, "batch_size", DEFAULT_BATCH_SIZE, BatchPolicy.MAX_BATCH_SIZE, errors);
        Duration maxWait = seconds(body, "max_wait_seconds", errors);
        JsonNode existing = body.get("include_existing");
        if (existing != null && !existing.isNull() && !existing.isBoolean()) {
            errors.add(new FieldError(List.of("body", "include_existing"), "true or false", "type_error"));
        }
        boolean includeExisting = existing != null && existing.asBoolean(false);
        RunRequest request = runs.request(body, errors);
        if (!pipelines.attachments().acquisitionExists(acquisition)) {
            throw ApiException.unprocessable(List.of(new FieldError(
                    List.of("body", "acquisition_uuid"), "no acquisition " + acquisition, "value_error")));
        }
        if (request.pipeline().jobs().stream().noneMatch(j -> j.type().equals(AcquisitionTrigger.IMPORT_TYPE))) {
            throw ApiException.unprocessable(List.of(new FieldError(
                    List.of("body", "jobs"),
                    "a pipeline attached to an acquisition needs a " + AcquisitionTrigger.IMPORT_TYPE
                            + " job to give each batch's movies to",
                    "value_error")));
        }
        try {
            // Checked as a batch will run it, so that a batch never fails on what could be refused now.
            Path project = Path.of(request.project());
            PipelineGraph.build(
                    AcquisitionTrigger.batchRequest(request, 1, BatchInputs.glob(project, 1))
                            .pipeline(),
                    pipelines.scheduler().types(),
                    request.acquisition());
        } catch (GraphException e) {
            throw PipelineRoutes.refused(e);
        }
        Attachment a;
        try {
            a = new Attachment(
                    UUID.randomUUID().toString(),
                    acquisition,
                    request.pipeline().name(),
                    mapper.writeValueAsString(request),
                    request.project(),
                    new BatchPolicy(batchSize, maxWait),
                    includeExisting ? 0L : pipelines.attachments().lastEventId(),
                    0,
                    pipelines.clock().instant(),
                    null);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a run request that cannot be written as JSON", e);
        }
        pipelines.attachments().insert(a);
        pipelines.trigger().wake();
        ctx.status(201).json(json(a, false));
    }

    private static int whole(ObjectNode body, String field, int fallback, int max, List<FieldError> errors) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.canConvertToInt() || !n.isIntegralNumber() || n.asInt() < 1 || n.asInt() > max) {
            errors.add(new FieldError(List.of("body", field), "a whole number in [1, " + max + "]", "value_error"));
            return fallback;
        }
        return n.asInt();
    }

    private static Duration seconds(ObjectNode body, String field, List<FieldError> errors) {
        JsonNode n = body.get(field);
        double s = DEFAULT_MAX_WAIT_SECONDS;
        if (n != null && !n.isNull()) {
            s = n.isNumber() ? n.asDouble() : -1;
            if (!(s >= 0.1 && s <= BatchPolicy.LONGEST_WAIT.toSeconds())) {
                errors.add(new FieldError(
                        List.of("body", field),
                        "a number of seconds in [0.1, " + BatchPolicy.LONGEST_WAIT.toSeconds() + "]",
                        "value_error"));
                s = DEFAULT_MAX_WAIT_SECONDS;
            }
        }
        return Duration.ofMillis(Math.round(s * 1000));
    }

    private ObjectNode json(Attachment a, boolean withBatches) {
        ObjectNode o = mapper.createObjectNode();
        o.put("id", a.id());
        o.put("acquisition_uuid", a.acquisitionUuid());
        o.put("pipeline", a.name());
        o.put("project", a.projectDir());
        o.put("batch_size", a.policy().batchSize());
        o.put("max_wait_seconds", a.policy().maxWait().toMillis() / 1000.0);
        o.put("status", a.active() ? "attached" : "detached");
        o.put("taken", pipelines.attachments().taken(a.id()));
        o.put("waiting", pipelines.attachments().waiting(a.id()).count());
        o.put("batches", a.batches());
        o.put("created_at", a.createdAt().toString());
        o.put("detached_at", a.detachedAt() == null ? null : a.detachedAt().toString());
        if (withBatches) {
            ArrayNode batches = o.putArray("batch_runs");
            for (PipelineBatch b : pipelines.attachments().batches(a.id())) {
                ObjectNode bo = batches.addObject();
                bo.put("number", b.number());
                bo.put("size", b.size());
                bo.put("run_id", b.runId());
                bo.put(
                        "run_status",
                        pipelines
                                .store()
                                .run(b.runId())
                                .map(r -> r.status().name().toLowerCase(Locale.ROOT))
                                .orElse(b.reason() == null ? "starting" : "not started"));
                bo.put("reason", b.reason());
                bo.put("created_at", b.createdAt().toString());
            }
        }
        return o;
    }
}
