package io.sightline.pipeline.exec.container;

import io.sightline.pipeline.exec.ContainerSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Turns a tool's command into the argv that runs it, natively or inside an apptainer/singularity image, the
 * way CryoBoost's {@code ContainerService.wrap_command_for_tool} does (contracts/cryoboost.md A12), as a pure
 * function: the file system is asked only through {@code exists}, the environment is given, so the result
 * can be checked as text (apptainer is not installed on the build machines).
 *
 * <p>In a container: {@code env -u <cleaned variables> <runtime> exec --cleanenv --no-home [--nv]
 * -B <bind>... [--env K=V]... <image> <command...>}. The command is passed as separate arguments, not as a
 * {@code bash -c} string, so nothing in it is ever re-parsed by a shell. Without an image the command runs
 * natively, unchanged ({@code env K=V ...} in front only when the tool has variables of its own).
 *
 * @param standardBinds host paths bound into every container when they exist (besides the job directory,
 *                      {@code $HOME} and the spec's own binds); {@link #CRYOBOOST_BINDS} by default
 */
public record ContainerWrapping(List<String> standardBinds) {

    /**
     * The reference's bind list, minus {@code $HOME} and the working directory (added per call). The user
     * and group databases are bound read-only so that tools can resolve the job's user.
     */
    public static final List<String> CRYOBOOST_BINDS = List.of(
            "/tmp",
            "/scratch",
            "/usr/lib64/slurm",
            "/run/munge",
            "/etc/passwd:/etc/passwd:ro",
            "/etc/group:/etc/group:ro",
            "/groups",
            "/programs",
            "/software");

    /**
     * Variables unset before the runtime starts (the reference's list): the runtime's own configuration
     * (which would add binds or change the image), preloads, and the batch system's and MPI's per-task
     * variables, which would make a tool inside the image believe it is one rank of a parallel job.
     */
    public static final List<String> CLEANED_VARIABLES = List.of(
            "SINGULARITY_BIND",
            "SINGULARITY_BINDPATH",
            "SINGULARITY_NAME",
            "SINGULARITY_CONTAINER",
            "APPTAINER_BIND",
            "APPTAINER_BINDPATH",
            "APPTAINER_NAME",
            "APPTAINER_CONTAINER",
            "LD_PRELOAD",
            "XDG_RUNTIME_DIR",
            "SLURM_JOBID",
            "SLURM_JOB_ID",
            "SLURM_NODELIST",
            "SLURM_STEP_NODELIST",
            "SLURM_NTASKS",
            "SLURM_PROCID",
            "SLURM_LOCALID",
            "SLURM_TASK_PID",
            "PMIX_RANK");

    /** Prefixes of variables also unset; only those present in the given environment can be named. */
    public static final List<String> CLEANED_PREFIXES = List.of("CONDA_", "PMI_", "OMPI_COMM_WORLD_");

    public ContainerWrapping {
        standardBinds = List.copyOf(standardBinds);
    }

    public static ContainerWrapping cryoBoostDefaults() {
        return new ContainerWrapping(CRYOBOOST_BINDS);
    }

    /**
     * The argv that runs {@code command}.
     *
     * @param command   the tool's command, one argument per element
     * @param container the image to run it in, or empty to run natively
     * @param toolEnv   variables the tool needs (passed with {@code --env} into the container)
     * @param hostEnv   the environment the wrapped command will start in (for {@code $HOME} and for the
     *                  prefixed variables to unset)
     * @param workDir   the job's directory, bound so the tool can write its outputs
     * @param exists    whether a host path exists; a bind of a missing path is left out, not an error
     */
    public List<String> argv(
            List<String> command,
            Optional<ContainerSpec> container,
            Map<String, String> toolEnv,
            Map<String, String> hostEnv,
            Path workDir,
            Predicate<Path> exists) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("a command needs at least the program");
        }
        // Sorted so that the same inputs always give the same script (and the same text in a test).
        Map<String, String> sortedToolEnv = new TreeMap<>(toolEnv);
        List<String> argv = new ArrayList<>();
        if (container.isEmpty()) {
            if (!sortedToolEnv.isEmpty()) {
                argv.add("env");
                sortedToolEnv.forEach((k, v) -> argv.add(k + "=" + v));
            }
            argv.addAll(command);
            return List.copyOf(argv);
        }
        ContainerSpec spec = container.get();
        argv.add("env");
        for (String name : cleaned(hostEnv)) {
            argv.add("-u");
            argv.add(name);
        }
        argv.add(spec.runtime());
        argv.add("exec");
        argv.add("--cleanenv");
        argv.add("--no-home");
        if (spec.gpu()) {
            argv.add("--nv");
        }
        for (String bind : binds(spec, hostEnv, workDir, exists)) {
            argv.add("-B");
            argv.add(bind);
        }
        sortedToolEnv.forEach((k, v) -> {
            argv.add("--env");
            argv.add(k + "=" + v);
        });
        argv.add(spec.image().toString());
        argv.addAll(command);
        return List.copyOf(argv);
    }

    private static Set<String> cleaned(Map<String, String> hostEnv) {
        Set<String> names = new LinkedHashSet<>(CLEANED_VARIABLES);
        new TreeMap<>(hostEnv)
                .keySet().stream()
                        .filter(name -> CLEANED_PREFIXES.stream().anyMatch(name::startsWith))
                        .forEach(names::add);
        return names;
    }

    private List<String> binds(ContainerSpec spec, Map<String, String> hostEnv, Path workDir, Predicate<Path> exists) {
        // Keyed by host path so that the job directory, $HOME and a spec's bind of the same place bind once.
        Map<String, String> byHostPath = new java.util.LinkedHashMap<>();
        List<String> candidates = new ArrayList<>(standardBinds);
        String home = hostEnv.get("HOME");
        if (home != null && !home.isBlank()) {
            candidates.add(home);
        }
        candidates.add(workDir.toAbsolutePath().normalize().toString());
        spec.binds().forEach(p -> candidates.add(p.toString()));
        for (String bind : candidates) {
            String hostPath = bind.split(":", 2)[0];
            if (exists.test(Path.of(hostPath))) {
                byHostPath.putIfAbsent(hostPath, bind);
            }
        }
        return List.copyOf(byHostPath.values());
    }
}
