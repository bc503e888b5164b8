package io.sightline.server.pipeline.results;

import io.sightline.core.text.TextReadException;
import io.sightline.core.wire.MicrographField;
import io.sightline.pipeline.results.MicrographKey;
import io.sightline.pipeline.results.MicrographResult;
import io.sightline.pipeline.results.MicrographResults;
import io.sightline.pipeline.results.ParticleCount;
import io.sightline.pipeline.results.ParticleCounts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads what a succeeded job's output STAR says about each micrograph, by {@link ResultStage}. */
final class JobResults {
    private JobResults() {}

    /**
     * @param star the job's output STAR (its first output slot's file)
     * @param project the RELION project, against which the STAR's relative names resolve
     */
    static List<MicrographUpdate> read(ResultStage stage, Path star, Path project) throws TextReadException {
        List<MicrographUpdate> out = new ArrayList<>();
        if (stage == ResultStage.PICKING) {
            for (ParticleCount c : ParticleCounts.read(star, project)) {
                out.add(new MicrographUpdate(
                        c.micrograph(),
                        c.name(),
                        Map.of(MicrographField.NUMBER_OF_PARTICLES_PICKED.wireName(), c.particles()),
                        null,
                        List.of()));
            }
            return out;
        }
        for (MicrographResult r : MicrographResults.read(star)) {
            Map<String, Object> fields = new LinkedHashMap<>();
            List<PipelineOutput> outputs = new ArrayList<>();
            CtfDetails ctf = null;
            if (stage == ResultStage.MOTION) {
                put(fields, MicrographField.TOTAL_MOTION, r.totalMotion());
                outputs.add(
                        new PipelineOutput(PipelineOutput.CORRECTED_MICROGRAPH, PipelineOutput.file(r.name()), null));
            } else {
                put(fields, MicrographField.CTF_MAX_RESOLUTION_ESTIMATE, r.ctfMaxResolution());
                ctf = new CtfDetails(
                        r.defocusU(),
                        r.defocusV(),
                        r.astigmatism(),
                        r.defocusAngle(),
                        r.ctfMaxResolution(),
                        r.figureOfMerit());
                if (r.ctfImage() != null) {
                    outputs.add(new PipelineOutput(
                            PipelineOutput.CTF_POWER_SPECTRUM,
                            PipelineOutput.file(r.ctfImage()),
                            PipelineOutput.file(r.name())));
                }
            }
            out.add(new MicrographUpdate(MicrographKey.of(r.name()), r.name(), fields, ctf, outputs));
        }
        return out;
    }

    private static void put(Map<String, Object> fields, MicrographField field, Double value) {
        if (value != null) {
            fields.put(field.wireName(), value);
        }
    }
}
