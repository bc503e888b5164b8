package io.sightline.server.pipeline.results;

import static io.sightline.server.api.ApiRole.READ;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.sightline.server.api.ApiRoutes;
import io.sightline.server.http.ApiException;
import io.sightline.server.http.Endpoints;
import io.sightline.server.http.Operation;
import io.sightline.server.http.Schema;
import io.sightline.server.persistence.EntityKind;
import io.sightline.server.persistence.EntityStore;

/** {@code GET /api/v1/micrographs/{micrograph_uuid}/ctf}: the CTF details a pipeline's CTF job stored. */
public final class MicrographCtfRoutes implements ApiRoutes {
    public static final String PATH = "/api/v1/micrographs/{micrograph_uuid}/ctf";

    private final MicrographCtfTable table;
    private final EntityStore entities;
    private final ObjectMapper json;

    public MicrographCtfRoutes(MicrographCtfTable table, EntityStore entities, ObjectMapper json) {
        this.table = table;
        this.entities = entities;
        this.json = json;
    }

    @Override
    public void register(Endpoints endpoints) {
        endpoints.get(
                PATH,
                Operation.of(
                                "CTF details of a micrograph",
                                "Defocus U/V, astigmatism and its angle, maximum resolution and figure of merit from"
                                        + " the latest pipeline CTF job that estimated this micrograph, with the run"
                                        + " and job. The maximum resolution is also the micrograph's"
                                        + " ctf_max_resolution_estimate. Viewer role.")
                        .ok(200, Schema.ref("MicrographCtf"))
                        .problem(401, "Missing or invalid bearer token (problem+json)")
                        .problem(403, "The token's role is below viewer (problem+json)")
                        .problem(404, "No such micrograph, or no CTF job has estimated it"),
                this::get,
                READ);
    }

    private void get(Context ctx) {
        String id = ctx.pathParam("micrograph_uuid");
        // an alias (a uuid the agent sent again for the same micrograph) answers for its micrograph
        String uuid = entities.find(EntityKind.MICROGRAPH, id)
                .orElseThrow(() -> ApiException.notFound("no micrograph " + id))
                .uuid();
        MicrographCtfTable.Row row =
                table.get(uuid).orElseThrow(() -> ApiException.notFound("no CTF job has estimated micrograph " + id));
        ObjectNode body = json.createObjectNode().put("micrograph_uuid", uuid);
        MicrographCtfJson.into(body, row.ctf());
        body.put("run_id", row.runId())
                .put("job", row.job())
                .put("recorded_at", row.recordedAt().toString());
        ctx.status(200).contentType("application/json").result(body.toString());
    }
}
