package io.sightline.server.pipeline.results;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sightline.core.text.TextReadException;
import io.sightline.pipeline.jobtype.JobType;
import io.sightline.pipeline.jobtype.JobTypes;
import io.sightline.server.data.DataObjects;
import io.sightline.server.persistence.Database;
import io.sightline.server.persistence.EntityStore;
import io.sightline.server.persistence.WriteTransactions;
import io.sightline.server.pipeline.JobSuccessListener;
import io.sightline.server.pipeline.PipelineJob;
import io.sightline.server.pipeline.PipelineRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a succeeded motion-correction, CTF or picking job's output STAR and stores what it says on the micrographs
 * the server knows (matched by {@link io.sightline.pipeline.results.MicrographKey}), then registers the job's
 * per-micrograph files as data objects. Other job types are left alone. Idempotent: the scheduler calls it again
 * for a job whose success it had not stored when the server died.
 */
public final class ResultsHarvester implements JobSuccessListener {
    private static final Logger log = LoggerFactory.getLogger(ResultsHarvester.class);

    private final JobTypes types;
    private final KnownMicrographs known;
    private final MicrographResultWriter writer;
    private final OutputRegistrar registrar;

    public ResultsHarvester(
            JobTypes types,
            Database database,
            EntityStore entities,
            WriteTransactions transactions,
            DataObjects dataObjects,
            ObjectMapper json) {
        this.types = types;
        this.known = new KnownMicrographs(database);
        this.writer = new MicrographResultWriter(entities, transactions, new MicrographCtfTable(database), json);
        this.registrar = new OutputRegistrar(dataObjects, json);
    }

    /** What one harvest did, for the log and for tests. */
    public record Harvest(int read, int matched, int unmatched, int ambiguous, int changed, int outputs) {
        static final Harvest NONE = new Harvest(0, 0, 0, 0, 0, 0);
    }

    @Override
    public void succeeded(PipelineRun run, PipelineJob job, Path jobDir) throws TextReadException, IOException {
        harvest(run, job, jobDir);
    }

    /** Reads, matches, stores and registers (see the class comment). */
    public Harvest harvest(PipelineRun run, PipelineJob job, Path jobDir) throws TextReadException, IOException {
        Optional<ResultStage> stage = ResultStage.of(job.jobType());
        Optional<JobType> type = types.find(job.jobType());
        if (stage.isEmpty() || type.isEmpty() || type.get().outputs().isEmpty()) {
            return Harvest.NONE;
        }
        Path star = jobDir.resolve(type.get().outputs().getFirst().file());
        if (!Files.isRegularFile(star)) {
            throw new NoSuchFileException(star.toString(), null, "the job succeeded without writing its output");
        }
        Path project = Path.of(run.projectDir());
        List<MicrographUpdate> updates = JobResults.read(stage.get(), star, project);
        Set<String> keys = new HashSet<>();
        updates.forEach(u -> keys.add(u.key()));
        Map<String, List<KnownMicrographs.Known>> found = known.byKey(keys);
        List<MicrographResultWriter.Matched> matched = new ArrayList<>();
        int unmatched = 0;
        int ambiguous = 0;
        for (MicrographUpdate u : updates) {
            List<KnownMicrographs.Known> m = found.getOrDefault(u.key(), List.of());
            if (m.size() == 1) {
                matched.add(new MicrographResultWriter.Matched(m.getFirst(), u));
            } else if (m.isEmpty()) {
                unmatched++;
            } else {
                // the same file name in two acquisitions: storing it on either could be wrong
                ambiguous++;
            }
        }
        int changed = writer.write(stage.get(), matched, run.id(), job.name());
        int outputs = registrar.register(matched, project, run.id(), job.name());
        Harvest h = new Harvest(updates.size(), matched.size(), unmatched, ambiguous, changed, outputs);
        log.info(
                "pipeline run {} job {}: {} micrographs read, {} matched ({} changed), {} unknown, {} ambiguous, {} outputs registered",
                run.id(),
                job.name(),
                h.read(),
                h.matched(),
                h.changed(),
                h.unmatched(),
                h.ambiguous(),
                h.outputs());
        return h;
    }
}
