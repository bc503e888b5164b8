package io.sightline.server.pipeline.results;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sightline.core.wire.MicrographFeedbackField;
import io.sightline.core.wire.MicrographField;
import io.sightline.core.wire.WireType;
import io.sightline.server.persistence.EntityKind;
import io.sightline.server.persistence.EntityStore;
import io.sightline.server.persistence.Outcome;
import io.sightline.server.persistence.Upsert;
import io.sightline.server.persistence.UpsertResult;
import io.sightline.server.persistence.WriteTransactions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stores results on their micrographs, in the columns the SmartEM feedback routes write, and publishes one event
 * per micrograph that changed ({@link ResultStage#eventType()}, after the store's own {@code micrograph.updated}).
 * A micrograph whose stored values already are these gets neither a write nor an event, so reading the same output
 * again (a restart, a rerun) stores nothing twice. A chunk of micrographs is one transaction with its events.
 */
final class MicrographResultWriter {
    private static final int CHUNK = 500;
    private static final List<String> STATUS_ORDER =
            ((WireType.Text) MicrographField.STATUS.spec().type()).allowed();

    /** One micrograph to update: the match and what the job says about it. */
    record Matched(KnownMicrographs.Known micrograph, MicrographUpdate update) {}

    private final EntityStore entities;
    private final WriteTransactions transactions;
    private final MicrographCtfTable ctfTable;
    private final ObjectMapper json;

    MicrographResultWriter(
            EntityStore entities, WriteTransactions transactions, MicrographCtfTable ctfTable, ObjectMapper json) {
        this.entities = entities;
        this.ctfTable = ctfTable;
        this.transactions = transactions;
        this.json = json;
    }

    /** @return how many micrographs changed */
    int write(ResultStage stage, List<Matched> matched, String runId, String job) {
        int changed = 0;
        for (int from = 0; from < matched.size(); from += CHUNK) {
            List<Matched> chunk = matched.subList(from, Math.min(matched.size(), from + CHUNK));
            changed += transactions.write(tx -> {
                List<Upsert> upserts = new ArrayList<>();
                for (Matched m : chunk) {
                    upserts.add(
                            Upsert.update(EntityKind.MICROGRAPH, m.micrograph().uuid(), fields(stage, m)));
                }
                List<UpsertResult> results = entities.upsert(tx, upserts);
                int n = 0;
                for (int i = 0; i < results.size(); i++) {
                    UpsertResult r = results.get(i);
                    MicrographUpdate u = chunk.get(i).update();
                    if (r.outcome() == Outcome.ERROR) {
                        continue; // deleted since it was matched: nothing to store it on
                    }
                    boolean ctfChanged = u.ctf() != null
                            && ctfTable.put(tx.connection(), r.entity().uuid(), u.ctf(), runId, job, tx.now());
                    // UNCHANGED and no new details: stored already (the same output read again after a restart)
                    if (r.outcome() == Outcome.UPDATED || ctfChanged) {
                        tx.emit(
                                stage.eventType(),
                                r.entity().acquisitionUuid(),
                                r.entity().uuid(),
                                payload(r.entity().uuid(), u, runId, job));
                        n++;
                    }
                }
                return n;
            });
        }
        return changed;
    }

    private static Map<String, Object> fields(ResultStage stage, Matched m) {
        Map<String, Object> fields = new LinkedHashMap<>(m.update().fields());
        String now = m.micrograph().status();
        if (now == null || STATUS_ORDER.indexOf(now) < STATUS_ORDER.indexOf(stage.status())) {
            fields.put(MicrographField.STATUS.wireName(), stage.status());
        }
        return fields;
    }

    private String payload(String uuid, MicrographUpdate u, String runId, String job) {
        ObjectNode p = json.createObjectNode().put("micrograph_uuid", uuid);
        u.fields().forEach(p::putPOJO);
        if (u.ctf() != null) {
            MicrographCtfJson.into(p.putObject("ctf"), u.ctf());
        }
        Object ctf = u.fields().get(MicrographField.CTF_MAX_RESOLUTION_ESTIMATE.wireName());
        if (ctf != null) {
            // the name the SmartEM ctf_estimation.completed event gives it
            p.putPOJO(MicrographFeedbackField.CTF_MAX_RES.wireName(), ctf);
        }
        p.put("source", "pipeline").put("run_id", runId).put("job", job).put("micrograph_name", u.name());
        return p.toString();
    }
}
