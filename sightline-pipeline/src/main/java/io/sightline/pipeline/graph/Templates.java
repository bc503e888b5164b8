package io.sightline.pipeline.graph;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Pipeline templates by name: the pipelines users start from ({@code spa-preprocessing},
 * {@code tomo-preprocessing}); a run may override any job's parameters. Inputs are wired by slot type.
 */
public final class Templates {
    private final Map<String, PipelineSpec> templates = new LinkedHashMap<>();

    public static Templates standard() {
        Templates t = new Templates();
        t.add(new PipelineSpec(
                "spa-preprocessing",
                "Single particles: import movies, motion correction, CTF estimation, LoG picking, extraction,"
                        + " 2D classification",
                List.of(
                        JobSpec.of("import", "spa.import"),
                        JobSpec.of("motion", "spa.motioncorr"),
                        JobSpec.of("ctf", "spa.ctf"),
                        JobSpec.of("pick", "spa.autopick"),
                        JobSpec.of("extract", "spa.extract"),
                        JobSpec.of("class2d", "spa.class2d"))));
        t.add(new PipelineSpec(
                "tomo-preprocessing",
                "Tomography: import tilt series from mdocs, motion and CTF of the tilt movies, tilt-series"
                        + " alignment, tilt-series CTF, reconstruction",
                List.of(
                        JobSpec.of("import", "tomo.import"),
                        JobSpec.of("motion_ctf", "tomo.motion_ctf"),
                        JobSpec.of("align", "tomo.align"),
                        JobSpec.of("ts_ctf", "tomo.ctf"),
                        JobSpec.of("reconstruct", "tomo.reconstruct"))));
        return t;
    }

    private void add(PipelineSpec spec) {
        if (templates.putIfAbsent(spec.name(), spec) != null) {
            throw new IllegalArgumentException("template " + spec.name() + " is defined twice");
        }
    }

    public Optional<PipelineSpec> find(String name) {
        return Optional.ofNullable(templates.get(name));
    }

    public Collection<PipelineSpec> all() {
        return templates.values();
    }

    /** {@code template} with {@code overrides} (job → parameter → value) applied to its jobs' parameters. */
    public static PipelineSpec withParameters(PipelineSpec template, Map<String, Map<String, String>> overrides) {
        List<JobSpec> jobs = template.jobs().stream()
                .map(j -> {
                    Map<String, String> p = new LinkedHashMap<>(j.parameters());
                    p.putAll(overrides.getOrDefault(j.name(), Map.of()));
                    return new JobSpec(j.name(), j.type(), p, j.inputs());
                })
                .toList();
        return new PipelineSpec(template.name(), template.description(), jobs);
    }
}
