package io.sightline.pipeline.exec.local;

import io.sightline.pipeline.exec.Executor;
import io.sightline.pipeline.exec.ExecutorException;
import io.sightline.pipeline.exec.JobLaunch;
import io.sightline.pipeline.exec.JobMarkers;
import io.sightline.pipeline.exec.JobObservation;
import io.sightline.pipeline.exec.JobState;
import io.sightline.pipeline.exec.SubmittedJob;
import io.sightline.pipeline.exec.TaskMarkers;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * Runs jobs as processes of this machine: the embedded default for a workstation, and the executor of the
 * tests. Each job runs under a small {@code sh} wrapper in its job directory that writes RELION's exit marker
 * from the exit code when the tool wrote none, so a job's outcome is on disk even if this server is gone
 * when it ends. The processes are not children that die with the server: after a restart, {@link #findByKey}
 * and {@link #poll} find them again through the job directory.
 *
 * <p>The external id is {@code pid@start-millis}: a pid alone could be reused by another process after a
 * reboot, the pair cannot.
 */
public final class LocalExecutor implements Executor {
    /** In the job directory: which job key runs there, written before the process starts. */
    static final String RECORD = ".sightline-local";

    static final String WRAPPER = ".sightline-run.sh";
    public static final String STDOUT = "run.out";
    public static final String STDERR = "run.err";

    private static final String SCRIPT = """
            #!/bin/sh
            # Written by Sightline's local executor: runs the tool (once, or once per array task: all of 0..n-1, or
            # the listed tasks of a rerun, at most $3 at once) and leaves RELION's exit marker from the exit code when the tool left
            # none. An array task leaves .task_status/<i>.ok or .fail, as on SLURM, so a rerun can skip what succeeded.
            echo $$ > .sightline-local.pid
            n=$1; tasks=$2; par=$3; shift 3
            rc=0
            if [ "$n" -eq 0 ]; then
              "$@" || rc=$?
            else
              if [ -z "$tasks" ]; then tasks=$(seq 0 $((n - 1))); fi
              mkdir -p .task_status
              # at most $par tasks at once, in waves (POSIX sh has no "wait for any one")
              running=0
              for i in $tasks; do
                ( if SLURM_ARRAY_TASK_ID=$i "$@"; then : > ".task_status/$i.ok"; else : > ".task_status/$i.fail"; fi ) &
                running=$((running + 1))
                if [ "$running" -ge "$par" ]; then wait; running=0; fi
              done
              wait
              ok=$(ls .task_status | grep -cE '^[0-9]+[.]ok$')
              if [ "$ok" -lt "$n" ]; then rc=1; fi
            fi
            if [ ! -e RELION_JOB_EXIT_SUCCESS ] && [ ! -e RELION_JOB_EXIT_FAILURE ] && [ ! -e RELION_JOB_EXIT_ABORTED ]; then
              if [ "$rc" -eq 0 ]; then : > RELION_JOB_EXIT_SUCCESS
              elif [ "$n" -gt 0 ]; then echo "$((n - ok)) of $n tasks did not succeed" > RELION_JOB_EXIT_FAILURE
              else echo "exit code $rc" > RELION_JOB_EXIT_FAILURE; fi
            fi
            exit $rc
            """;

    private final int parallelTasks;

    /** An executor that runs an array's tasks one after another. */
    public LocalExecutor() {
        this(1);
    }

    /**
     * @param parallelTasks at most this many tasks of one array at once (the bounded pool of a workstation; each
     *     task's tool may use several cores itself), at least 1
     */
    public LocalExecutor(int parallelTasks) {
        if (parallelTasks < 1) {
            throw new IllegalArgumentException("parallelTasks must be at least 1, was " + parallelTasks);
        }
        this.parallelTasks = parallelTasks;
    }

    @Override
    public String name() {
        return "local";
    }

    @Override
    public SubmittedJob submit(JobLaunch launch) throws ExecutorException {
        if (launch.container().isPresent()) {
            throw new ExecutorException("job " + launch.jobKey()
                    + ": the local executor runs tools natively; a container image needs the SLURM executor");
        }
        Path dir = launch.jobDir().toAbsolutePath();
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(WRAPPER), SCRIPT, StandardCharsets.UTF_8);
            Files.deleteIfExists(dir.resolve(RECORD + ".pid"));
            TaskMarkers.clearBeforeLaunch(dir, launch.tasks());
            // The key is on disk before the process exists, so a crash right after the start still leaves
            // a job findByKey can find (by the pid file the wrapper writes first).
            writeRecord(dir, launch.jobKey(), null, launch.arrayTasks());
            List<String> command = new ArrayList<>(List.of(
                    "/bin/sh",
                    WRAPPER,
                    Integer.toString(launch.arrayTasks()),
                    launch.tasks().stream().map(String::valueOf).collect(Collectors.joining(" ")),
                    Integer.toString(parallelTasks)));
            command.addAll(launch.command());
            ProcessBuilder pb = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectInput(
                            ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(
                            ProcessBuilder.Redirect.appendTo(dir.resolve(STDOUT).toFile()))
                    .redirectError(
                            ProcessBuilder.Redirect.appendTo(dir.resolve(STDERR).toFile()));
            pb.environment().putAll(launch.environment());
            Process p = pb.start();
            String externalId = externalId(p.toHandle());
            writeRecord(dir, launch.jobKey(), externalId, launch.arrayTasks());
            return new SubmittedJob(name(), externalId, launch.jobKey(), launch.jobDir(), launch.arrayTasks());
        } catch (IOException e) {
            throw new ExecutorException(
                    "job " + launch.jobKey() + ": cannot start "
                            + launch.command().getFirst(),
                    e);
        }
    }

    @Override
    public Map<String, JobObservation> poll(Collection<SubmittedJob> jobs) {
        Map<String, JobObservation> out = new LinkedHashMap<>();
        for (SubmittedJob job : jobs) {
            out.put(job.externalId(), observe(job));
        }
        return out;
    }

    private JobObservation observe(SubmittedJob job) {
        Optional<JobObservation> marked = fromMarkers(job);
        if (marked.isPresent()) {
            return marked.get();
        }
        if (process(job.externalId()).isPresent()) {
            return new JobObservation(JobState.RUNNING, 0, 0, "");
        }
        // The wrapper may have written its marker between the two looks.
        return fromMarkers(job)
                .orElse(new JobObservation(JobState.FAILED, 0, 1, "the process ended without an exit marker"));
    }

    private static Optional<JobObservation> fromMarkers(SubmittedJob job) {
        int tasks = Math.max(1, job.arrayTasks());
        int ok = job.arrayTasks() > 0 ? TaskMarkers.succeeded(job.jobDir(), tasks) : 0;
        return JobMarkers.read(job.jobDir()).map(state -> switch (state) {
            case SUCCEEDED -> new JobObservation(state, tasks, 0, "");
            case CANCELLED -> new JobObservation(state, ok, tasks - ok, JobMarkers.ABORTED);
            default -> new JobObservation(state, ok, tasks - ok, reason(job.jobDir()));
        });
    }

    private static String reason(Path dir) {
        try {
            String text = Files.readString(dir.resolve(JobMarkers.FAILURE)).strip();
            return text.isEmpty() ? JobMarkers.FAILURE : text;
        } catch (IOException e) {
            return JobMarkers.FAILURE;
        }
    }

    @Override
    public Optional<SubmittedJob> findByKey(String jobKey, Path jobDir) throws ExecutorException {
        Path dir = jobDir.toAbsolutePath();
        Properties record = readRecord(dir);
        if (record == null || !jobKey.equals(record.getProperty("key"))) {
            return Optional.empty();
        }
        String externalId = record.getProperty("externalId");
        int tasks = Integer.parseInt(record.getProperty("arrayTasks", "0"));
        if (externalId == null) {
            externalId = pidFromWrapper(dir)
                    .flatMap(ProcessHandle::of)
                    .map(LocalExecutor::externalId)
                    .orElse(null);
        }
        if (externalId == null && JobMarkers.read(dir).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new SubmittedJob(name(), externalId == null ? "0@0" : externalId, jobKey, jobDir, tasks));
    }

    @Override
    public void cancel(SubmittedJob job) throws ExecutorException {
        Optional<ProcessHandle> wrapper = process(job.externalId());
        if (wrapper.isPresent()) {
            List<ProcessHandle> tools = wrapper.get().descendants().toList();
            // The wrapper goes first, so it cannot see its tool die and write a FAILURE marker.
            wrapper.get().destroyForcibly();
            tools.forEach(ProcessHandle::destroyForcibly);
            wrapper.get().onExit().join();
        }
        if (JobMarkers.read(job.jobDir()).isEmpty()) {
            try {
                Files.writeString(job.jobDir().resolve(JobMarkers.ABORTED), "cancelled\n");
            } catch (IOException e) {
                throw new ExecutorException("job " + job.jobKey() + ": cannot write " + JobMarkers.ABORTED, e);
            }
        }
    }

    /** The live process {@code externalId} names, if it still runs (same pid and same start). */
    private static Optional<ProcessHandle> process(String externalId) {
        int at = externalId.indexOf('@');
        if (at < 0) {
            return Optional.empty();
        }
        long pid;
        long start;
        try {
            pid = Long.parseLong(externalId.substring(0, at));
            start = Long.parseLong(externalId.substring(at + 1));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(h -> h.info().startInstant().map(Instant::toEpochMilli).orElse(-1L) == start);
    }

    private static String externalId(ProcessHandle h) {
        return h.pid() + "@"
                + h.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    }

    private static Optional<Long> pidFromWrapper(Path dir) {
        try {
            return Optional.of(Long.parseLong(
                    Files.readString(dir.resolve(RECORD + ".pid")).strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static void writeRecord(Path dir, String key, String externalId, int arrayTasks) throws IOException {
        Properties p = new Properties();
        p.setProperty("key", key);
        if (externalId != null) {
            p.setProperty("externalId", externalId);
        }
        p.setProperty("arrayTasks", Integer.toString(arrayTasks));
        Path tmp = dir.resolve(RECORD + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            p.store(out, "Sightline local executor");
        }
        Files.move(tmp, dir.resolve(RECORD), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static Properties readRecord(Path dir) throws ExecutorException {
        Path file = dir.resolve(RECORD);
        if (!Files.exists(file)) {
            return null;
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new ExecutorException("cannot read " + file, e);
        }
        return p;
    }
}
