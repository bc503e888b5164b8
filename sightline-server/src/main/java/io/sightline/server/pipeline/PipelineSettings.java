package io.sightline.server.pipeline;

import io.sightline.pipeline.exec.Executor;
import io.sightline.pipeline.exec.local.LocalExecutor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How the server runs pipelines.
 *
 * @param executor where jobs run (default: local processes)
 * @param programs job type id → program (and leading arguments) replacing the type's own
 * @param projectRoots the directories run projects must lie in; empty means the server's storage roots, else
 *     {@code <data dir>/pipelines}
 * @param interval how often the scheduler looks at running jobs
 */
public record PipelineSettings(
        Executor executor, Map<String, List<String>> programs, List<Path> projectRoots, Duration interval) {
    public static PipelineSettings defaults() {
        return new PipelineSettings(new LocalExecutor(), Map.of(), List.of(), Duration.ofSeconds(1));
    }

    public PipelineSettings {
        Objects.requireNonNull(executor, "executor");
        programs = Map.copyOf(programs);
        projectRoots = List.copyOf(projectRoots);
        Objects.requireNonNull(interval, "interval");
    }
}
