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

    private static final String[] SLURM = {
        "--pipeline-executor", "slurm", "--slurm-cpus", "1", "--slurm-memory", "100M", "--slurm-time", "00:10:00"
    };

    private static void assumeSlurm() throws InterruptedException {
        String sinfo = output("sinfo", "-h", "-o", "%P %a");
        Assumptions.assumeTrue(
                sinfo != null && !sinfo.isBlank(), "SLURM test skipped: sinfo does not answer on this machine");
    }

    /**
     * The run's SLURM jobs, counted per job name (less the run prefix): distinct job ids, so an array's tasks
     * (one squeue line each with {@code -r}) count once, as one submission.
     */
    private static Map<String, Long> submissions(String runId) throws InterruptedException {
        String prefix = "sl-" + runId.substring(0, 8) + "-";
        return output("squeue", "-h", "-t", "all", "-r", "-o", "%F %j")
                .lines()
                .map(String::strip)
                .distinct() // "<array job id> <name>": one line per submission
                .map(l -> l.split(" ", 2))
                .filter(f -> f.length == 2 && f[1].startsWith(prefix))
                .collect(Collectors.groupingBy(f -> f[1].substring(prefix.length()), Collectors.counting()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void aServerOnSlurmKilledMidRunFinishesItAfterARestartWithoutSubmittingTwice(String storeName) throws Exception {
        assumeSlurm();
        String id = new PipelineKillScenario(temp, DEADLINE).killMidRunAndFinish(storeName, SLURM);
        // SLURM holds exactly one job per pipeline job, whatever the kill interrupted
        assertThat(submissions(id))
                .containsExactlyInAnyOrderEntriesOf(Map.of("import-a1", 1L, "motion-a1", 1L, "ctf-a1", 1L));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void aServerOnSlurmKilledWhileAnArrayRunsSubmitsNoTaskTwice(String storeName) throws Exception {
        assumeSlurm();
        String id = new PipelineKillScenario(temp, DEADLINE).killMidArrayAndFinish(storeName, SLURM);
        // one array per per-item job, each task run once (the scenario's count files)
        assertThat(submissions(id))
                .containsExactlyInAnyOrderEntriesOf(Map.of("import-a1", 1L, "motion-a1", 1L, "ctf-a1", 1L));
    }
}
