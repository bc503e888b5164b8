package io.sightline.server.api;

import static io.sightline.server.api.ApiRole.WRITE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.sightline.core.wire.MicrographFeedbackField;
import io.sightline.core.wire.MicrographField;
import io.sightline.core.wire.Reading;
import io.sightline.core.wire.WireField;
import io.sightline.server.http.ApiException;
import io.sightline.server.http.Endpoints;
import io.sightline.server.http.Operation;
import io.sightline.server.http.Schema;
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
    public void register(Endpoints endpoints) {
        Resource.of(EntityKind.MICROGRAPH, "/micrographs", "micrograph_uuid", "Micrograph", "micrograph")
                .list()
                .get()
                .update()
                .delete()
                .register(endpoints, resources);
        endpoints.post(
                "/micrographs/{micrograph_uuid}/motion_correction/registered",
                feedback("Motion Correction Registered", "MotionCorrectionRegisteredRequest"),
                ctx -> registered(ctx, "motion_correction"),
                WRITE);
        endpoints.post(
                "/micrographs/{micrograph_uuid}/ctf_estimation/registered",
                feedback("Ctf Estimation Registered", "CtfEstimationRegisteredRequest"),
                ctx -> registered(ctx, "ctf_estimation"),
                WRITE);
        endpoints.post(
                "/micrographs/{micrograph_uuid}/motion_correction/completed",
                feedback("Motion Correction Completed", "MotionCorrectionCompletedRequest"),
                this::motionCompleted,
                WRITE);
        endpoints.post(
                "/micrographs/{micrograph_uuid}/ctf_estimation/completed",
                feedback("Ctf Estimation Completed", "CtfEstimationCompletedRequest"),
                this::ctfCompleted,
                WRITE);
    }

    private static Operation feedback(String what, String request) {
        return Resource.bodyProblems(Operation.of(
                                "Publish Micrograph " + what,
                                "Store the " + what.toLowerCase(java.util.Locale.ROOT)
                                        + " feedback for a micrograph and publish its event.")
                        .body(Schema.ref(request))
                        .ok(202, Schema.ref("ProcessingFeedbackPublishResponse")))
                .problem(404, "Unknown uuid");
    }

    private void registered(Context ctx, String stage) {
        String micrograph = Resources.uuidParam(ctx, "micrograph_uuid");
        ObjectNode body = resources.bodies().readObject(ctx);
        Map<WireField, Object> values =
                values(body, List.of(MicrographFeedbackField.QUALITY, MicrographFeedbackField.METRIC_NAME));
        boolean quality = (Boolean) values.get(MicrographFeedbackField.QUALITY);
        String metricName = (String) values.get(MicrographFeedbackField.METRIC_NAME);
        ObjectNode payload = resources
                .bodies()
                .mapper()
                .createObjectNode()
                .put("micrograph_uuid", micrograph)
                .put(MicrographFeedbackField.QUALITY.wireName(), quality)
                .put(MicrographFeedbackField.METRIC_NAME.wireName(), metricName);
        resources
                .store()
                .recordQuality(micrograph, stage, metricName, quality, stage + ".registered", payload.toString());
        accepted(ctx);
    }

    private void motionCompleted(Context ctx) {
        Map<WireField, Object> values = values(
                resources.bodies().readObject(ctx),
                List.of(MicrographFeedbackField.TOTAL_MOTION, MicrographFeedbackField.AVERAGE_MOTION));
        Map<String, Object> fields = new LinkedHashMap<>();
        values.forEach((field, value) -> fields.put(field.wireName(), value));
        fields.put(MicrographField.STATUS.wireName(), "motion correction completed");
        completed(ctx, "motion_correction.completed", fields, values);
    }

    private void ctfCompleted(Context ctx) {
        Map<WireField, Object> values =
                values(resources.bodies().readObject(ctx), List.of(MicrographFeedbackField.CTF_MAX_RES));
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put(
                MicrographField.CTF_MAX_RESOLUTION_ESTIMATE.wireName(),
                values.get(MicrographFeedbackField.CTF_MAX_RES));
        fields.put(MicrographField.STATUS.wireName(), "ctf completed");
        completed(ctx, "ctf_estimation.completed", fields, values);
    }

    private void completed(Context ctx, String eventType, Map<String, Object> fields, Map<WireField, Object> values) {
        String micrograph = Resources.uuidParam(ctx, "micrograph_uuid");
        ObjectNode payload = resources.bodies().mapper().createObjectNode().put("micrograph_uuid", micrograph);
        values.forEach((field, value) -> payload.put(field.wireName(), (Double) value));
        resources
                .store()
                .updateAndPublish(
                        Upsert.update(EntityKind.MICROGRAPH, micrograph, fields), eventType, payload.toString());
        accepted(ctx);
    }

    /** The values of {@code fields} in {@code body}, each within its declared limits, or 422 naming every one at fault. */
    private static Map<WireField, Object> values(ObjectNode body, List<WireField> fields) {
        Map<WireField, Object> out = new LinkedHashMap<>();
        List<ApiException.FieldError> errors = new ArrayList<>();
        for (WireField field : fields) {
            JsonNode value = body.get(field.wireName());
            if ((value == null || value.isNull()) && field.spec().requiredOnCreate()) {
                errors.add(new ApiException.FieldError(List.of("body", field.wireName()), "Field required", "missing"));
                continue;
            }
            Reading.Value typed = JsonBodies.read(field.spec(), value, List.of("body"), errors);
            if (typed != null) {
                out.put(field, typed.value());
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
