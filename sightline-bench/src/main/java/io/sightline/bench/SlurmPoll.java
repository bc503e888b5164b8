package io.sightline.bench;

import io.sightline.pipeline.exec.ExecutorException;
import io.sightline.pipeline.exec.JobObservation;
import io.sightline.pipeline.exec.ResourceProfile;
import io.sightline.pipeline.exec.SubmittedJob;
import io.sightline.pipeline.exec.container.ContainerWrapping;
import io.sightline.pipeline.exec.slurm.CommandResult;
import io.sightline.pipeline.exec.slurm.CommandRunner;
import io.sightline.pipeline.exec.slurm.ProcessCommandRunner;
import io.sightline.pipeline.exec.slurm.SlurmExecutor;
import io.sightline.pipeline.exec.slurm.SubmitTemplate;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The cost of one SLURM poll of an array of N tasks (default 10,000): the scheduler's budget is one
 * {@code squeue} (and at most one {@code sacct}) per interval, not per task.
 *
 * <ol>
 *   <li><b>Generated:</b> the executor polls through a runner that answers a generated squeue listing with
 *       one line per task (the worst case: SLURM collapses pending tasks into one line, this does not), half
 *       of the tasks already marked {@code .task_status/<i>.ok} or {@code .fail} in the job directory. What
 *       is measured is the executor's own work: parsing, markers, aggregation.</li>
 *   <li><b>Real:</b> an array of N held tasks submitted to the local SLURM ({@code sbatch --hold}; running
 *       them would take the shared machine for an hour), polled by the executor with real {@code squeue}
 *       calls, then cancelled. Skipped when {@code sinfo} does not answer.</li>
 * </ol>
 *
 * <p>Run by hand (not a test):
 * {@code java -cp sightline-bench/target/benchmarks.jar io.sightline.bench.SlurmPoll [tasks] [runs]}.
 */
public final class SlurmPoll {

    private SlurmPoll() {}

    public static void main(String[] args) throws Exception {
        int tasks = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 9;
        System.out.printf(Locale.ROOT, "load average at start: %s%n", loadAverage());
        generated(tasks, runs);
        real(tasks, runs);
        System.out.printf(Locale.ROOT, "load average at end: %s%n", loadAverage());
    }

    private static void generated(int tasks, int runs) throws Exception {
        Path dir = Files.createTempDirectory("sightline-slurm-poll");
        Path status = Files.createDirectories(dir.resolve(".task_status"));
        int done = tasks / 2;
        for (int i = 0; i < done; i++) {
            Files.createFile(status.resolve(i + (i % 100 == 7 ? ".fail" : ".ok")));
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < tasks; i++) {
            String state = i < done ? "COMPLETED|None" : i < done + 2 ? "RUNNING|None" : "PENDING|Resources";
            out.append("4242|").append(i).append('|').append(state).append("|run-1/ctf/attempt-1\n");
        }
        String listing = out.toString();
        AtomicInteger squeueCalls = new AtomicInteger();
        AtomicInteger sacctCalls = new AtomicInteger();
        CommandRunner canned = (argv, timeout) -> {
            if (argv.getFirst().equals("sacct")) {
                sacctCalls.incrementAndGet();
            }
            squeueCalls.addAndGet(argv.getFirst().equals("squeue") ? 1 : 0);
            return new CommandResult(argv, 0, listing, "");
        };
        SlurmExecutor executor = executor(canned);
        SubmittedJob job = new SubmittedJob("slurm", "4242", "run-1/ctf/attempt-1", dir, tasks);
        for (int i = 0; i < 5; i++) {
            executor.poll(List.of(job));
        }
        squeueCalls.set(0);
        sacctCalls.set(0);
        long[] wall = new long[runs];
        long[] cpu = new long[runs];
        JobObservation last = null;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int r = 0; r < runs; r++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            last = executor.poll(List.of(job)).get("4242");
            wall[r] = System.nanoTime() - t0;
            cpu[r] = threads.getCurrentThreadCpuTime() - c0;
        }
        System.out.printf(
                Locale.ROOT,
                "generated: %,d tasks, squeue listing %,d lines / %,d bytes, %,d task markers: poll median %.1f ms"
                        + " wall (min %.1f, max %.1f), %.1f ms CPU; squeue calls per poll %.1f, sacct %.1f; seen %s%n",
                tasks,
                tasks,
                listing.length(),
                done,
                median(wall) / 1e6,
                Arrays.stream(wall).min().orElse(0) / 1e6,
                Arrays.stream(wall).max().orElse(0) / 1e6,
                median(cpu) / 1e6,
                squeueCalls.get() / (double) runs,
                sacctCalls.get() / (double) runs,
                last);
    }

    private static void real(int tasks, int runs) throws Exception {
        ProcessCommandRunner processes = new ProcessCommandRunner();
        CommandResult sinfo;
        try {
            sinfo = processes.run(List.of("sinfo", "-h", "-o", "%T"), Duration.ofSeconds(10));
        } catch (ExecutorException e) {
            System.out.println("real: skipped, SLURM not available (" + e.getMessage() + "); run .ci/slurm/start");
            return;
        }
        if (!sinfo.ok() || sinfo.stdout().isBlank()) {
            System.out.println("real: skipped, sinfo: " + sinfo.stderr().strip());
            return;
        }
        Path dir = Files.createTempDirectory("sightline-slurm-poll-real");
        String key = "sightline-bench-" + UUID.randomUUID();
        String id = processes
                .run(
                        List.of(
                                "sbatch",
                                "--parsable",
                                "--hold",
                                "--array=0-" + (tasks - 1),
                                "--job-name=" + key,
                                "--output=/dev/null",
                                "--chdir=" + dir,
                                "--wrap=true"),
                        Duration.ofSeconds(60))
                .orThrow()
                .stdout()
                .strip()
                .split(";")[0];
        try {
            AtomicLong squeueNanos = new AtomicLong();
            AtomicInteger squeueCalls = new AtomicInteger();
            CommandRunner timed = (argv, timeout) -> {
                long t0 = System.nanoTime();
                CommandResult r = processes.run(argv, timeout);
                if (argv.getFirst().equals("squeue")) {
                    squeueNanos.addAndGet(System.nanoTime() - t0);
                    squeueCalls.incrementAndGet();
                }
                return r;
            };
            SlurmExecutor executor = executor(timed);
            SubmittedJob job = new SubmittedJob("slurm", id, key, dir, tasks);
            executor.poll(List.of(job));
            squeueNanos.set(0);
            squeueCalls.set(0);
            long[] wall = new long[runs];
            JobObservation last = null;
            for (int r = 0; r < runs; r++) {
                long t0 = System.nanoTime();
                last = executor.poll(List.of(job)).get(id);
                wall[r] = System.nanoTime() - t0;
            }
            List<String> expanded = new ArrayList<>(List.of("squeue", "-h", "-r", "-j", id, "-o", "%F|%K|%T|%r|%j"));
            long t0 = System.nanoTime();
            CommandResult all = processes.run(expanded, Duration.ofSeconds(60)).orThrow();
            long expandedNanos = System.nanoTime() - t0;
            System.out.printf(
                    Locale.ROOT,
                    "real: array %s of %,d held tasks: poll median %.1f ms wall (min %.1f, max %.1f), of which squeue"
                            + " %.1f ms on average; squeue calls per poll %.1f; seen %s%n"
                            + "real: for scale, `squeue -r` listing every task: %,d lines in %.1f ms%n",
                    id,
                    tasks,
                    median(wall) / 1e6,
                    Arrays.stream(wall).min().orElse(0) / 1e6,
                    Arrays.stream(wall).max().orElse(0) / 1e6,
                    squeueNanos.get() / 1e6 / runs,
                    squeueCalls.get() / (double) runs,
                    last,
                    all.stdout().lines().count(),
                    expandedNanos / 1e6);
        } finally {
            processes.run(List.of("scancel", id), Duration.ofSeconds(30));
        }
    }

    private static SlurmExecutor executor(CommandRunner runner) {
        return new SlurmExecutor(
                runner,
                SubmitTemplate.standard(),
                ResourceProfile.EMPTY,
                ContainerWrapping.cryoBoostDefaults(),
                Duration.ofSeconds(60));
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (Exception e) {
            return "unknown";
        }
    }
}
