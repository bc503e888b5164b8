package io.sightline.cli.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link PipelineKillTest} on the real SLURM cluster: {@code sightline server --pipeline-executor slurm}
 * SIGKILLed while a job runs as a SLURM job, then started again on the same database: the run finishes and
 * SLURM holds exactly one job per pipeline job; on H2 and PostgreSQL (read from {@code squeue}, which lists ended jobs for
 * {@code MinJobAge}). Skips, with the reason, only when {@code sinfo} does not answer.
 */
class PipelineSlurmKillTest {
    private static final Duration DEADLINE = Duration.ofMinutes(3);

    @TempDir
    Path temp;

    /** Runs {@code argv} to its end within 30 s; what it printed, or null when it could not run or failed. */
    private static String output(String... argv) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        }
    }

    static Stream<String> stores() {
        return Stream.of("H2", "PostgreSQL");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void aServerOnSlurmKilledMidRunFinishesItAfterARestartWithoutSubmittingTwice(String storeName) throws Exception {
        String sinfo = output("sinfo", "-h", "-o", "%P %a");
        Assumptions.assumeTrue(
                sinfo != null && !sinfo.isBlank(), "SLURM test skipped: sinfo does not answer on this machine");
        String id = new PipelineKillScenario(temp, DEADLINE)
                .killMidRunAndFinish(
                        storeName,
                        "--pipeline-executor",
                        "slurm",
                        "--slurm-cpus",
                        "1",
                        "--slurm-memory",
                        "100M",
                        "--slurm-time",
                        "00:10:00");
        // SLURM holds exactly one job per pipeline job, whatever the kill interrupted
        String prefix = "sl-" + id.substring(0, 8) + "-";
        Map<String, Long> jobs = output("squeue", "-h", "-t", "all", "-o", "%j")
                .lines()
                .map(String::strip)
                .filter(n -> n.startsWith(prefix))
                .collect(Collectors.groupingBy(n -> n.substring(prefix.length()), Collectors.counting()));
        assertThat(jobs).containsExactlyInAnyOrderEntriesOf(Map.of("import-a1", 1L, "motion-a1", 1L, "ctf-a1", 1L));
    }
}
