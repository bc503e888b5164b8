package io.sightline.server.api;

import static io.sightline.server.api.ApiRole.READ;
import static io.sightline.server.api.ApiRole.WRITE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.sightline.server.persistence.EntityKind;
import io.sightline.server.persistence.Upsert;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /micrographs}: micrographs and processing feedback. Where SmartEM only publishes feedback to
 * RabbitMQ, Sightline also keeps it: "completed" results update the micrograph (motion, CTF
 * resolution, status), "registered" quality verdicts are stored per stage and metric; each produces
 * an event ({@code motion_correction.registered|completed}, {@code ctf_estimation.registered|completed})
 * that the bus delivers.
 */
public final class MicrographRoutes implements ApiRoutes {
    private final Resources resources;

    public MicrographRoutes(Resources resources) {
        this.resources = resources;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/micrographs", ctx -> resources.list(ctx, EntityKind.MICROGRAPH), READ);
        routes.get(
                "/micrographs/{micrograph_uuid}",
                ctx -> resources.get(ctx, EntityKind.MICROGRAPH, "micrograph_uuid"),
                READ);
        routes.put(
                "/micrographs/{micrograph_uuid}",
                ctx -> resources.update(ctx, EntityKind.MICROGRAPH, "micrograph_uuid"),
                WRITE);
        routes.delete(
                "/micrographs/{micrograph_uuid}",
                ctx -> resources.delete(ctx, EntityKind.MICROGRAPH, "micrograph_uuid"),
                WRITE);
        routes.post(
                "/micrographs/{micrograph_uuid}/motion_correction/registered",
                ctx -> registered(ctx, "motion_correction"),
                WRITE);
        routes.post(
                "/micrographs/{micrograph_uuid}/ctf_estimation/registered",
                ctx -> registered(ctx, "ctf_estimation"),
                WRITE);
        routes.post("/micrographs/{micrograph_uuid}/motion_correction/completed", this::motionCompleted, WRITE);
        routes.post("/micrographs/{micrograph_uuid}/ctf_estimation/completed", this::ctfCompleted, WRITE);
    }

    private void registered(Context ctx, String stage) {
        String micrograph = Resources.uuidParam(ctx, "micrograph_uuid");
        ObjectNode body = resources.bodies().readObject(ctx);
        List<ApiException.FieldError> errors = new ArrayList<>();
        JsonNode quality = body.get("quality");
        if (quality == null || !quality.isBoolean()) {
            errors.add(new ApiException.FieldError(
                    List.of("body", "quality"),
                    quality == null ? "Field required" : "must be true or false",
                    quality == null ? "missing" : "bool_type"));
        }
        JsonNode metric = body.get("metric_name");
        if (metric != null && !metric.isNull() && !metric.isTextual()) {
            errors.add(new ApiException.FieldError(List.of("body", "metric_name"), "must be a string", "string_type"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.unprocessable(errors);
        }
        String metricName = metric == null || metric.isNull() ? null : metric.textValue();
        ObjectNode payload = resources
                .bodies()
                .mapper()
                .createObjectNode()
                .put("micrograph_uuid", micrograph)
                .put("quality", quality.booleanValue())
                .put("metric_name", metricName);
        resources
                .store()
                .recordQuality(
                        micrograph,
                        stage,
                        metricName,
                        quality.booleanValue(),
                        stage + ".registered",
                        payload.toString());
        accepted(ctx);
    }

    private void motionCompleted(Context ctx) {
        Map<String, Double> values = numbers(ctx, List.of("total_motion", "average_motion"));
        Map<String, Object> fields = new LinkedHashMap<>(values);
        fields.put("status", "motion correction completed");
        completed(ctx, "motion_correction.completed", fields, values);
    }

    private void ctfCompleted(Context ctx) {
        Map<String, Double> values = numbers(ctx, List.of("ctf_max_res"));
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("ctf_max_resolution_estimate", values.get("ctf_max_res"));
        fields.put("status", "ctf completed");
        completed(ctx, "ctf_estimation.completed", fields, values);
    }

    private void completed(Context ctx, String eventType, Map<String, Object> fields, Map<String, Double> values) {
        String micrograph = Resources.uuidParam(ctx, "micrograph_uuid");
        ObjectNode payload = resources.bodies().mapper().createObjectNode().put("micrograph_uuid", micrograph);
        values.forEach(payload::put);
        resources
                .store()
                .updateAndPublish(
                        Upsert.update(EntityKind.MICROGRAPH, micrograph, fields), eventType, payload.toString());
        accepted(ctx);
    }

    private Map<String, Double> numbers(Context ctx, List<String> names) {
        ObjectNode body = resources.bodies().readObject(ctx);
        Map<String, Double> out = new LinkedHashMap<>();
        List<ApiException.FieldError> errors = new ArrayList<>();
        for (String name : names) {
            JsonNode value = body.get(name);
            if (value == null || value.isNull()) {
                errors.add(new ApiException.FieldError(List.of("body", name), "Field required", "missing"));
            } else if (!value.isNumber()) {
                errors.add(new ApiException.FieldError(List.of("body", name), "must be a number", "float_type"));
            } else {
                out.put(name, value.doubleValue());
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.unprocessable(errors);
        }
        return out;
    }

    private void accepted(Context ctx) {
        resources.send(ctx, 202, resources.bodies().mapper().createObjectNode().put("published", true));
    }
}
