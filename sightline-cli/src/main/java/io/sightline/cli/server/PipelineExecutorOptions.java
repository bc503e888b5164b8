package io.sightline.cli.server;

import io.sightline.cli.support.Settings;
import io.sightline.pipeline.exec.Executor;
import io.sightline.pipeline.exec.ResourceChecks;
import io.sightline.pipeline.exec.ResourceProfile;
import io.sightline.pipeline.exec.container.ContainerWrapping;
import io.sightline.pipeline.exec.local.LocalExecutor;
import io.sightline.pipeline.exec.slurm.ProcessCommandRunner;
import io.sightline.pipeline.exec.slurm.SlurmExecutor;
import io.sightline.pipeline.exec.slurm.SubmitTemplate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Where {@code sightline server} runs pipeline jobs: local processes (the default) or a SLURM cluster, with
 * the site's submit template and default resource profile (docs/pipelines-slurm.md). Each option can also
 * come from the environment ({@code SIGHTLINE_PIPELINE_EXECUTOR}, {@code SIGHTLINE_SLURM_PARTITION}, ...) or
 * the config file ({@code pipeline-executor = slurm}, {@code slurm-partition = gpu}, ...).
 */
public final class PipelineExecutorOptions {

    @Option(
            names = "--pipeline-executor",
            paramLabel = "local|slurm",
            description = "Where pipeline jobs run: local processes, or the SLURM cluster through sbatch/squeue/"
                    + "sacct/scancel on the PATH (default: local; env SIGHTLINE_PIPELINE_EXECUTOR).")
    String executor;

    @Option(
            names = "--slurm-template",
            paramLabel = "FILE",
            description = "The site's submit script with CryoBoost's XXXextra1..8XXX / XXXoutfileXXX / "
                    + "XXXcommandXXX placeholders (default: the shipped qsub template; env SIGHTLINE_SLURM_TEMPLATE).")
    Path template;

    @Option(
            names = "--slurm-partition",
            paramLabel = "NAME",
            description = "Default partition of every job (default: the cluster's; env SIGHTLINE_SLURM_PARTITION).")
    String partition;

    @Option(names = "--slurm-cpus", paramLabel = "N", description = "Default CPUs per task (env SIGHTLINE_SLURM_CPUS).")
    Integer cpus;

    @Option(
            names = "--slurm-gpus",
            paramLabel = "N",
            description = "Default GPUs per job, as gres gpu:N; 0 for none (env SIGHTLINE_SLURM_GPUS).")
    Integer gpus;

    @Option(
            names = "--slurm-memory",
            paramLabel = "SIZE",
            description = "Default memory per node, e.g. 64G (env SIGHTLINE_SLURM_MEMORY).")
    String memory;

    @Option(
            names = "--slurm-time",
            paramLabel = "TIME",
            description = "Default wall time, e.g. 3:30:00 or 1-00:00:00 (env SIGHTLINE_SLURM_TIME).")
    String time;

    @Option(
            names = "--slurm-array-throttle",
            paramLabel = "N",
            description = "At most N tasks of one job array at once; 0 for no limit (default: 0; env "
                    + "SIGHTLINE_SLURM_ARRAY_THROTTLE).")
    Integer arrayThrottle;

    @Option(
            names = "--local-array-tasks",
            paramLabel = "N",
            description = "With the local executor, at most N tasks of one per-item array at once (default: 1, one"
                    + " after another; env SIGHTLINE_LOCAL_ARRAY_TASKS).")
    Integer localArrayTasks;

    /**
     * The executor these settings name.
     *
     * @throws IllegalArgumentException naming the option when a value is wrong, or a SLURM option is given
     *     without {@code --pipeline-executor slurm} (it would silently do nothing)
     */
    Executor executor(Settings settings) {
        String kind = settings.get("pipeline-executor", executor).orElse("local");
        Optional<String> templateFile = settings.get("slurm-template", template == null ? null : template.toString());
        Optional<Integer> throttle = settings.getInt("slurm-array-throttle", arrayThrottle);
        switch (kind) {
            case "local" -> {
                Map<String, Object> slurmOnly = new LinkedHashMap<>();
                slurmOnly.put("slurm-template", templateFile.orElse(null));
                slurmOnly.put("slurm-partition", partition);
                slurmOnly.put("slurm-cpus", cpus);
                slurmOnly.put("slurm-gpus", gpus);
                slurmOnly.put("slurm-memory", memory);
                slurmOnly.put("slurm-time", time);
                slurmOnly.put("slurm-array-throttle", arrayThrottle);
                slurmOnly.forEach((name, flag) -> {
                    if (settings.get(name, flag == null ? null : flag.toString())
                            .isPresent()) {
                        throw new IllegalArgumentException(
                                "--" + name + " needs --pipeline-executor slurm (the executor is local)");
                    }
                });
                Optional<Integer> parallel = settings.getInt("local-array-tasks", localArrayTasks);
                parallel.filter(n -> n < 1).ifPresent(n -> bad("--local-array-tasks", n, "at least 1"));
                return new LocalExecutor(parallel.orElse(1));
            }
            case "slurm" -> {
                if (settings.get("local-array-tasks", localArrayTasks == null ? null : localArrayTasks.toString())
                        .isPresent()) {
                    throw new IllegalArgumentException(
                            "--local-array-tasks needs --pipeline-executor local (SLURM arrays take"
                                    + " --slurm-array-throttle)");
                }
                throttle.filter(n -> n < 0).ifPresent(n -> bad("--slurm-array-throttle", n, "0 or more"));
                return new SlurmExecutor(
                        new ProcessCommandRunner(),
                        templateFile.map(PipelineExecutorOptions::readTemplate).orElseGet(SubmitTemplate::standard),
                        siteDefaults(settings),
                        ContainerWrapping.cryoBoostDefaults(),
                        Duration.ofSeconds(60),
                        throttle.orElse(0));
            }
            default ->
                throw new IllegalArgumentException(
                        "--pipeline-executor must be 'local' or 'slurm', got '" + kind + "'");
        }
    }

    /** The site's default resource profile (partition, CPUs, GPUs, memory, time), checked. */
    ResourceProfile siteDefaults(Settings settings) {
        Optional<Integer> cpu = settings.getInt("slurm-cpus", cpus);
        Optional<Integer> gpu = settings.getInt("slurm-gpus", gpus);
        Optional<String> mem = settings.get("slurm-memory", memory);
        Optional<String> wall = settings.get("slurm-time", time);
        cpu.filter(n -> n < 1).ifPresent(n -> bad("--slurm-cpus", n, "at least 1"));
        gpu.filter(n -> n < 0).ifPresent(n -> bad("--slurm-gpus", n, "0 or more"));
        mem.filter(m -> !ResourceChecks.validMemory(m))
                .ifPresent(m -> bad("--slurm-memory", m, "a size such as 4000M or 64G"));
        wall.filter(t -> !ResourceChecks.validTime(t))
                .ifPresent(t -> bad("--slurm-time", t, "a time such as 90, 3:30:00 or 1-00:00:00"));
        return new ResourceProfile(
                settings.get("slurm-partition", partition).orElse(null),
                null,
                null,
                cpu.orElse(null),
                gpu.orElse(null),
                mem.orElse(null),
                wall.orElse(null),
                Map.of());
    }

    private static void bad(String option, Object value, String expected) {
        throw new IllegalArgumentException(option + " must be " + expected + ", got '" + value + "'");
    }

    private static SubmitTemplate readTemplate(String file) {
        String text;
        try {
            text = Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new IllegalArgumentException("--slurm-template " + file + " cannot be read: " + e.getMessage(), e);
        }
        try {
            return SubmitTemplate.parse(text, file);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--slurm-template " + e.getMessage(), e);
        }
    }
}
