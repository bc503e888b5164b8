package io.sightline.pipeline.exec.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sightline.pipeline.exec.ContainerSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class ContainerWrappingTest {

    private static final Path JOB = Path.of("/data/proj/External/job007");
    private static final List<String> TOOL = List.of("WarpTools", "fs_motion_and_ctf", "--settings", "a b.settings");
    private final ContainerWrapping wrapping = ContainerWrapping.cryoBoostDefaults();

    private static Predicate<Path> existing(String... paths) {
        Set<Path> set = java.util.Arrays.stream(paths).map(Path::of).collect(java.util.stream.Collectors.toSet());
        return set::contains;
    }

    @Test
    void aToolWithoutAnImageRunsNativelyAndUnchanged() {
        assertThat(wrapping.argv(TOOL, Optional.empty(), Map.of(), Map.of("HOME", "/root"), JOB, p -> true))
                .isEqualTo(TOOL);
    }

    @Test
    void aNativeToolGetsItsVariablesThroughEnvInAStableOrder() {
        assertThat(wrapping.argv(TOOL, Optional.empty(), Map.of("B", "2", "A", "1"), Map.of(), JOB, p -> true))
                .containsExactly("env", "A=1", "B=2", "WarpTools", "fs_motion_and_ctf", "--settings", "a b.settings");
    }

    @Test
    void onlyBindsThatExistAreAddedAndTheImageComesBeforeTheCommand() {
        ContainerSpec spec = new ContainerSpec(
                "apptainer", Path.of("/sif/warp.sif"), List.of(Path.of("/mnt/frames"), Path.of("/mnt/gone")), false);
        List<String> argv = wrapping.argv(
                TOOL,
                Optional.of(spec),
                Map.of(),
                Map.of("HOME", "/home/ana"),
                JOB,
                existing("/tmp", "/etc/passwd", "/home/ana", JOB.toString(), "/mnt/frames"));

        assertThat(binds(argv))
                .containsExactly("/tmp", "/etc/passwd:/etc/passwd:ro", "/home/ana", JOB.toString(), "/mnt/frames");
        assertThat(argv).doesNotContain("/scratch", "/mnt/gone", "/software", "--nv");
        int image = argv.indexOf("/sif/warp.sif");
        assertThat(argv.subList(image + 1, argv.size())).isEqualTo(TOOL);
        assertThat(argv.subList(argv.indexOf("apptainer"), argv.indexOf("apptainer") + 4))
                .containsExactly("apptainer", "exec", "--cleanenv", "--no-home");
    }

    @Test
    void gpuAsksForNvAndSingularityIsUsedWhenNamed() {
        ContainerSpec spec = new ContainerSpec("singularity", Path.of("/sif/relion.sif"), List.of(), true);
        List<String> argv = wrapping.argv(TOOL, Optional.of(spec), Map.of(), Map.of(), JOB, p -> false);
        assertThat(argv).contains("singularity", "--nv").doesNotContain("apptainer", "-B");
    }

    @Test
    void theEnvironmentIsCleanedAsTheReferenceListsAndPrefixedVariablesPresentAreNamed() {
        ContainerSpec spec = new ContainerSpec("apptainer", Path.of("/sif/x.sif"), List.of(), false);
        Map<String, String> host =
                Map.of("CONDA_PREFIX", "/opt/conda", "PMI_RANK", "0", "OMPI_COMM_WORLD_SIZE", "4", "PATH", "/usr/bin");
        List<String> argv = wrapping.argv(TOOL, Optional.of(spec), Map.of(), host, JOB, p -> false);

        List<String> unset = unset(argv);
        assertThat(unset)
                .containsAll(ContainerWrapping.CLEANED_VARIABLES)
                .contains("CONDA_PREFIX", "PMI_RANK", "OMPI_COMM_WORLD_SIZE", "SLURM_JOB_ID", "LD_PRELOAD")
                .doesNotContain("PATH");
        assertThat(argv.getFirst()).isEqualTo("env");
    }

    @Test
    void theToolsVariablesCrossTheCleanEnvironmentWithEnvFlags() {
        ContainerSpec spec = new ContainerSpec("apptainer", Path.of("/sif/x.sif"), List.of(), false);
        List<String> argv =
                wrapping.argv(TOOL, Optional.of(spec), Map.of("OMP_NUM_THREADS", "4"), Map.of(), JOB, p -> false);
        int env = argv.indexOf("--env");
        assertThat(argv.get(env + 1)).isEqualTo("OMP_NUM_THREADS=4");
        assertThat(env).isLessThan(argv.indexOf("/sif/x.sif"));
    }

    @Test
    void theSamePlaceIsBoundOnce() {
        ContainerSpec spec =
                new ContainerSpec("apptainer", Path.of("/sif/x.sif"), List.of(JOB, Path.of("/tmp")), false);
        List<String> argv = wrapping.argv(TOOL, Optional.of(spec), Map.of(), Map.of(), JOB, p -> true);
        assertThat(binds(argv)).containsOnlyOnce("/tmp", JOB.toString());
    }

    @Test
    void anEmptyCommandIsRefused() {
        assertThatThrownBy(() -> wrapping.argv(List.of(), Optional.empty(), Map.of(), Map.of(), JOB, p -> true))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static List<String> binds(List<String> argv) {
        return flagValues(argv, "-B");
    }

    private static List<String> unset(List<String> argv) {
        return flagValues(argv, "-u");
    }

    private static List<String> flagValues(List<String> argv, String flag) {
        List<String> values = new java.util.ArrayList<>();
        for (int i = 0; i < argv.size() - 1; i++) {
            if (argv.get(i).equals(flag)) {
                values.add(argv.get(i + 1));
            }
        }
        return values;
    }
}
