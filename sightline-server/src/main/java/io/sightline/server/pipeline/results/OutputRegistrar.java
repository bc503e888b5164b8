package io.sightline.server.pipeline.results;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sightline.server.data.DataObject;
import io.sightline.server.data.DataObjects;
import io.sightline.server.http.ApiException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers a job's per-micrograph output files as data objects, with lineage: a corrected micrograph's parent is
 * the micrograph's movie (else its micrograph image), as the agent registered them for that micrograph; a power
 * spectrum's parent is the corrected micrograph it was computed on when that is registered, else the same. Only
 * files inside a storage root are registered (the server serves nothing else). A file's uid is derived from its
 * real path and kind, so registering it again (a restart, a rerun) is the same registration: no second object,
 * no second event.
 */
final class OutputRegistrar {
    private static final Logger log = LoggerFactory.getLogger(OutputRegistrar.class);
    private static final List<String> SOURCE_KINDS = List.of("movie", "micrograph");

    private final DataObjects dataObjects;
    private final ObjectMapper json;

    OutputRegistrar(DataObjects dataObjects, ObjectMapper json) {
        this.dataObjects = dataObjects;
        this.json = json;
    }

    /** @return how many outputs are registered (new or already) */
    int register(List<MicrographResultWriter.Matched> matched, Path project, String runId, String job) {
        int registered = 0;
        for (MicrographResultWriter.Matched m : matched) {
            for (PipelineOutput o : m.update().outputs()) {
                Path file = project.resolve(o.path()).toAbsolutePath().normalize();
                if (!dataObjects.roots().contains(file)) {
                    continue;
                }
                ObjectNode body = json.createObjectNode()
                        .put("uid", uid(file, o.kind()))
                        .put("path", file.toString())
                        .put("kind", o.kind())
                        .put("session", m.micrograph().acquisitionUuid())
                        .put("entity_uuid", m.micrograph().uuid());
                body.set(
                        "metadata",
                        json.createObjectNode()
                                .put("run_id", runId)
                                .put("job", job)
                                .put("relion_name", o.path()));
                ArrayNode parents = body.putArray("parents");
                parent(o, m.micrograph().uuid(), project).ifPresent(parents::add);
                try {
                    dataObjects.register(body);
                    registered++;
                } catch (ApiException e) {
                    // one unreadable output must not cost the others their registration or the micrographs their values
                    log.warn("pipeline run {} job {}: output {} not registered: {}", runId, job, file, e.getMessage());
                }
            }
        }
        return registered;
    }

    private Optional<String> parent(PipelineOutput o, String micrographUuid, Path project) {
        if (o.parentPath() != null) {
            String made = uid(
                    project.resolve(o.parentPath()).toAbsolutePath().normalize(), PipelineOutput.CORRECTED_MICROGRAPH);
            if (dataObjects.store().find(made).isPresent()) {
                return Optional.of(made);
            }
        }
        for (String kind : SOURCE_KINDS) {
            Optional<DataObject> source = dataObjects.store().latestFor(micrographUuid, kind);
            if (source.isPresent()) {
                return Optional.of(source.get().uid());
            }
        }
        return Optional.empty();
    }

    /** The uid of a pipeline output: a name-based UUID of its real path and kind. */
    static String uid(Path file, String kind) {
        Path real;
        try {
            real = file.toRealPath();
        } catch (java.io.IOException e) {
            real = file;
        }
        return UUID.nameUUIDFromBytes(
                        ("sightline pipeline output\0" + kind + "\0" + real).getBytes(StandardCharsets.UTF_8))
                .toString();
    }
}
