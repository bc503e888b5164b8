package io.sightline.pipeline.exec.slurm;

import io.sightline.pipeline.exec.Executor;
import io.sightline.pipeline.exec.ExecutorException;
import io.sightline.pipeline.exec.JobLaunch;
import io.sightline.pipeline.exec.JobMarkers;
import io.sightline.pipeline.exec.JobObservation;
import io.sightline.pipeline.exec.JobState;
import io.sightline.pipeline.exec.ResourceProfile;
import io.sightline.pipeline.exec.SubmittedJob;
import io.sightline.pipeline.exec.TaskMarkers;
import io.sightline.pipeline.exec.container.ContainerWrapping;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs jobs on SLURM through its client commands, the way CryoBoost's template-driven {@code sbatch} does
 * (contracts/cryoboost.md A10, A11), without {@code relion_schemer} in between.
 *
 * <ul>
 *   <li><b>submit</b> renders {@link SubmitTemplate} into {@code <jobDir>/run_submit.script} (resources:
 *       the site defaults ← the launch's profile, which the scheduler merged from the job type and the user)
 *       and runs {@code sbatch --parsable --job-name=<jobKey> --chdir=<jobDir> [--array=0-(n-1)]}. Stale
 *       markers of an earlier attempt in the same directory are removed first.</li>
 *   <li><b>poll</b> makes one {@code squeue} call for all jobs (finished jobs stay listed for
 *       {@code MinJobAge}), reads each job's markers, and only for what neither explains makes one
 *       {@code sacct} call, if accounting is enabled. Markers outrank SLURM.</li>
 *   <li><b>findByKey</b> looks the key up among the job names {@code squeue} lists, then
 *       {@code sacct}, then the launch record the executor keeps in the job directory.</li>
 *   <li><b>cancel</b> runs {@code scancel} and leaves {@code RELION_JOB_EXIT_ABORTED} when the job had not
 *       ended, so the cancellation is still known after SLURM forgot the job.</li>
 * </ul>
 */
public final class SlurmExecutor implements Executor {

    private static final Logger LOG = LoggerFactory.getLogger(SlurmExecutor.class);
    static final String SCRIPT = "run_submit.script";
    static final String TASK_STATUS = TaskMarkers.DIR;
    private static final String LAUNCH_RECORD = ".sightline/slurm-launch.properties";

    private final CommandRunner runner;
    private final SubmitTemplate template;
    private final ResourceProfile siteDefaults;
    private final ContainerWrapping wrapping;
    private final Duration timeout;
    private final String user;
    private final int arrayThrottle;
    /** Null until sacct was first needed; then whether this cluster keeps accounting. */
    private volatile Boolean sacctAvailable;

    public SlurmExecutor(
            CommandRunner runner,
            SubmitTemplate template,
            ResourceProfile siteDefaults,
            ContainerWrapping wrapping,
            Duration commandTimeout) {
        this(runner, template, siteDefaults, wrapping, commandTimeout, 0);
    }

    /**
     * @param arrayThrottle at most this many tasks of one array run at once ({@code --array=0-(n-1)%T},
     *     CryoBoost's {@code array_throttle}, with T = min(throttle, n)); 0 for no limit
     */
    public SlurmExecutor(
            CommandRunner runner,
            SubmitTemplate template,
            ResourceProfile siteDefaults,
            ContainerWrapping wrapping,
            Duration commandTimeout,
            int arrayThrottle) {
        if (arrayThrottle < 0) {
            throw new IllegalArgumentException("arrayThrottle must be >= 0 (0: no limit), was " + arrayThrottle);
        }
        this.arrayThrottle = arrayThrottle;
        this.runner = runner;
        this.template = template;
        this.siteDefaults = siteDefaults;
        this.wrapping = wrapping;
        this.timeout = commandTimeout;
        this.user = System.getProperty("user.name");
    }

    @Override
    public String name() {
        return "slurm";
    }

    @Override
    public SubmittedJob submit(JobLaunch launch) throws ExecutorException {
        if (launch.jobKey().isBlank() || launch.jobKey().chars().anyMatch(Character::isISOControl)) {
            // The key is the job's name in squeue's line-per-job listing, where a line break would split it.
            throw new ExecutorException("a SLURM job key must be non-blank without control characters: "
                    + launch.jobKey().replace("\n", "\\n"));
        }
        Path dir = launch.jobDir().toAbsolutePath().normalize();
        Path script = dir.resolve(SCRIPT);
        try {
            Files.createDirectories(dir.resolve(LAUNCH_RECORD).getParent());
            TaskMarkers.clearBeforeLaunch(dir, launch.tasks());
            Files.writeString(script, script(launch, dir));
            writeLaunchRecord(dir, launch.jobKey(), launch.arrayTasks(), null);
        } catch (IOException | IllegalArgumentException e) {
            throw new ExecutorException("could not write the sbatch script " + script + ": " + e.getMessage(), e);
        }
        List<String> argv =
                new ArrayList<>(List.of("sbatch", "--parsable", "--job-name=" + launch.jobKey(), "--chdir=" + dir));
        if (launch.arrayTasks() > 0) {
            argv.add("--array=" + arraySpec(launch, arrayThrottle));
        }
        argv.add(script.toString());
        CommandResult result = runner.run(argv, timeout).orThrow();
        String id = result.stdout().strip().split(";", 2)[0];
        if (!id.matches("\\d+")) {
            throw new ExecutorException("`" + CommandResult.commandLine(argv) + "` answered no job id: "
                    + result.stdout().strip() + " " + result.stderr().strip());
        }
        try {
            writeLaunchRecord(dir, launch.jobKey(), launch.arrayTasks(), id);
        } catch (IOException e) {
            // The job runs and the caller records it; only findByKey's last fallback loses the id.
            LOG.warn(
                    "job {} ({}) submitted but its launch record in {} could not be updated",
                    id,
                    launch.jobKey(),
                    dir,
                    e);
        }
        LOG.info(
                "submitted {} as SLURM job {}{}",
                launch.jobKey(),
                id,
                launch.arrayTasks() > 0
                        ? " (array of " + launch.arrayTasks()
                                + (launch.tasks().isEmpty() ? "" : ", rerunning tasks " + launch.tasks()) + ")"
                        : "");
        return new SubmittedJob(name(), id, launch.jobKey(), dir, launch.arrayTasks());
    }

    /**
     * {@code --array}'s value: {@code 0-(n-1)}, or the listed tasks of a rerun ({@code 3,7}); with a throttle T,
     * {@code %min(T, tasks)}.
     */
    static String arraySpec(JobLaunch launch, int throttle) {
        int count =
                launch.tasks().isEmpty() ? launch.arrayTasks() : launch.tasks().size();
        String range = launch.tasks().isEmpty()
                ? "0-" + (launch.arrayTasks() - 1)
                : launch.tasks().stream().map(String::valueOf).collect(Collectors.joining(","));
        return range + (throttle > 0 ? "%" + Math.min(throttle, count) : "");
    }

    /**
     * The tasks of an array in {@code jobDir} that did not succeed (failed, cancelled, or never ran), ascending:
     * what a rerun of the array submits ({@link JobLaunch#onlyTasks}). Read from the task markers.
     */
    public static List<Integer> unsucceededTasks(Path jobDir, int arrayTasks) {
        return TaskMarkers.unsucceeded(jobDir, arrayTasks);
    }

    /** The rendered sbatch script for {@code launch} in {@code dir}. */
    String script(JobLaunch launch, Path dir) {
        ResourceProfile resources = siteDefaults.overriddenBy(launch.resources());
        boolean array = launch.arrayTasks() > 0;
        String out = dir.resolve(array ? "task_%a.out" : "run.out").toString();
        String err = dir.resolve(array ? "task_%a.err" : "run.err").toString();
        return template.render(SubmitTemplate.extras(resources), out, err, body(launch, dir));
    }

    private List<String> body(JobLaunch launch, Path dir) {
        List<String> argv = wrapping.argv(
                launch.command(), launch.container(), launch.environment(), System.getenv(), dir, Files::exists);
        String d = Shell.quote(dir.toString());
        boolean array = launch.arrayTasks() > 0;
        List<String> lines = new ArrayList<>();
        lines.add(
                "# Sightline: the tool, then the RELION markers (the executor writes them; see docs/pipelines-slurm.md)");
        lines.add("cd " + d + " || exit 1");
        if (array && launch.container().isPresent()) {
            // --cleanenv drops the task index; the runtimes pass *ENV_-prefixed variables through.
            lines.add("export APPTAINERENV_SLURM_ARRAY_TASK_ID=\"$SLURM_ARRAY_TASK_ID\""
                    + " SINGULARITYENV_SLURM_ARRAY_TASK_ID=\"$SLURM_ARRAY_TASK_ID\"");
        }
        lines.add(argv.stream().map(Shell::quote).collect(Collectors.joining(" ")));
        lines.add("sightline_rc=$?");
        if (array) {
            String status = Shell.quote(dir.resolve(TASK_STATUS) + "/");
            lines.add("mkdir -p " + status);
            lines.add("if [ \"$sightline_rc\" -eq 0 ]; then touch " + status + "\"$SLURM_ARRAY_TASK_ID\".ok;"
                    + " else touch " + status + "\"$SLURM_ARRAY_TASK_ID\".fail; fi");
            // The last task to finish writes the whole job's marker; two finishing together write the same one.
            lines.add("if [ \"$(ls -f " + status + " | grep -cE '\\.(ok|fail)$')\" -ge " + launch.arrayTasks()
                    + " ]; then if ls " + status + " | grep -q '\\.fail$'; then touch "
                    + Shell.quote(dir.resolve(JobMarkers.FAILURE).toString()) + "; else touch "
                    + Shell.quote(dir.resolve(JobMarkers.SUCCESS).toString()) + "; fi; fi");
        } else {
            lines.add("if [ \"$sightline_rc\" -eq 0 ]; then touch "
                    + Shell.quote(dir.resolve(JobMarkers.SUCCESS).toString()) + "; else touch "
                    + Shell.quote(dir.resolve(JobMarkers.FAILURE).toString()) + "; fi");
        }
        lines.add("(exit $sightline_rc)");
        return lines;
    }

    @Override
    public Map<String, JobObservation> poll(Collection<SubmittedJob> jobs) throws ExecutorException {
        Map<String, JobObservation> result = new LinkedHashMap<>();
        if (jobs.isEmpty()) {
            return result;
        }
        // squeue before the markers: a job that leaves the queue after this call has written its marker.
        QueueSnapshot queue = squeue(List.of("-u", user));
        List<SubmittedJob> unexplained = new ArrayList<>();
        for (SubmittedJob job : jobs) {
            JobObservation seen = observe(job, queue, QueueSnapshot.empty());
            result.put(job.externalId(), seen);
            if (seen.state() == JobState.UNKNOWN || hasUnknownTasks(job, queue)) {
                unexplained.add(job);
            }
        }
        if (!unexplained.isEmpty() && sacctAvailable()) {
            QueueSnapshot accounting = sacct(List.of(
                    "-j", unexplained.stream().map(SubmittedJob::externalId).collect(Collectors.joining(","))));
            for (SubmittedJob job : unexplained) {
                result.put(job.externalId(), observe(job, queue, accounting));
            }
        }
        return result;
    }

    private boolean hasUnknownTasks(SubmittedJob job, QueueSnapshot queue) {
        return job.arrayTasks() > 0 && JobMarkers.read(job.jobDir()).isEmpty() && !queue.knows(job.externalId());
    }

    private JobObservation observe(SubmittedJob job, QueueSnapshot queue, QueueSnapshot accounting) {
        return job.arrayTasks() > 0 ? observeArray(job, queue, accounting) : observeSingle(job, queue, accounting);
    }

    private JobObservation observeSingle(SubmittedJob job, QueueSnapshot queue, QueueSnapshot accounting) {
        Optional<JobState> marker = JobMarkers.read(job.jobDir());
        if (marker.isPresent()) {
            return counted(marker.get(), 1, markerReason(marker.get(), job));
        }
        Optional<QueueSnapshot.Entry> entry = queue.job(job.externalId()).or(() -> accounting.job(job.externalId()));
        if (entry.isPresent()) {
            JobState state = entry.get().state();
            String reason = state == JobState.SUCCEEDED || !state.finished() && state != JobState.UNKNOWN
                    ? ""
                    : "SLURM: " + entry.get().describe();
            return counted(state, 1, reason);
        }
        return new JobObservation(JobState.UNKNOWN, 0, 0, vanished(job));
    }

    private JobObservation observeArray(SubmittedJob job, QueueSnapshot queue, QueueSnapshot accounting) {
        int n = job.arrayTasks();
        byte[] taskMarkers = taskMarkers(job.jobDir(), n);
        QueueSnapshot.Entry[] queued = queue.tasks(job.externalId(), n);
        QueueSnapshot.Entry[] accounted = accounting.tasks(job.externalId(), n);
        int succeeded = 0, failed = 0, cancelled = 0, running = 0, pending = 0, unknown = 0;
        String firstProblem = "";
        for (int i = 0; i < n; i++) {
            JobState state;
            String why = "";
            if (taskMarkers[i] == 1) {
                state = JobState.SUCCEEDED;
            } else if (taskMarkers[i] == 2) {
                state = JobState.FAILED;
                why = "task " + i + " failed (" + TASK_STATUS + "/" + i + ".fail)";
            } else {
                QueueSnapshot.Entry e = queued[i] != null ? queued[i] : accounted[i];
                state = e == null ? JobState.UNKNOWN : e.state();
                why = e == null ? "task " + i + " is neither in squeue nor marked" : "task " + i + ": " + e.describe();
            }
            switch (state) {
                case SUCCEEDED -> succeeded++;
                case FAILED -> failed++;
                case CANCELLED -> cancelled++;
                case RUNNING -> running++;
                case PENDING -> pending++;
                case UNKNOWN -> unknown++;
            }
            if (firstProblem.isEmpty() && (state == JobState.FAILED || state == JobState.CANCELLED)) {
                firstProblem = why;
            }
        }
        Optional<JobState> marker = JobMarkers.read(job.jobDir());
        if (marker.isPresent()) {
            String reason = marker.get() == JobState.SUCCEEDED ? "" : markerReason(marker.get(), job);
            return new JobObservation(marker.get(), succeeded, failed + cancelled, reason);
        }
        JobState whole;
        String reason = "";
        if (running > 0) {
            whole = JobState.RUNNING;
        } else if (pending > 0) {
            whole = JobState.PENDING;
        } else if (succeeded == n) {
            whole = JobState.SUCCEEDED;
        } else if (failed > 0) {
            whole = JobState.FAILED;
            reason = failed + " of " + n + " tasks failed; first: " + firstProblem;
        } else if (cancelled > 0) {
            whole = JobState.CANCELLED;
            reason = cancelled + " of " + n + " tasks cancelled; first: " + firstProblem;
        } else {
            whole = JobState.UNKNOWN;
            reason = unknown + " of " + n + " tasks unaccounted for: " + vanished(job);
        }
        return new JobObservation(whole, succeeded, failed + cancelled, reason);
    }

    /** Per task index: 0 unmarked, 1 ok, 2 fail; one directory listing per job. */
    private static byte[] taskMarkers(Path jobDir, int n) {
        return TaskMarkers.read(jobDir, n);
    }

    private static JobObservation counted(JobState state, int tasks, String reason) {
        int ok = state == JobState.SUCCEEDED ? tasks : 0;
        int bad = state == JobState.FAILED || state == JobState.CANCELLED ? tasks : 0;
        return new JobObservation(state, ok, bad, reason);
    }

    private static String markerReason(JobState state, SubmittedJob job) {
        return switch (state) {
            case FAILED -> JobMarkers.FAILURE + " in " + job.jobDir() + " (see its run.err / task_*.err)";
            case CANCELLED -> JobMarkers.ABORTED + " in " + job.jobDir();
            default -> "";
        };
    }

    private String vanished(SubmittedJob job) {
        return "SLURM job " + job.externalId() + " is not in squeue and left no RELION marker in " + job.jobDir()
                + (Boolean.FALSE.equals(sacctAvailable) ? "; sacct is unavailable (accounting storage disabled)" : "");
    }

    @Override
    public Optional<SubmittedJob> findByKey(String jobKey, Path jobDir) throws ExecutorException {
        Path dir = jobDir.toAbsolutePath().normalize();
        Properties record = readLaunchRecord(dir);
        boolean recordMatches = jobKey.equals(record.getProperty("key"));
        // All of our jobs, matched by name here: squeue --name would split a key at its commas.
        QueueSnapshot queue = squeue(List.of("-u", user));
        Optional<String> id = last(queue.idsNamed(jobKey));
        QueueSnapshot source = queue;
        if (id.isEmpty() && sacctAvailable()) {
            source = sacct(List.of(
                    jobKey.contains(",") ? "-u" : "--name", jobKey.contains(",") ? user : jobKey, "-S", "now-30days"));
            id = last(source.idsNamed(jobKey));
        }
        if (id.isEmpty() && recordMatches && record.getProperty("jobId") != null) {
            id = Optional.of(record.getProperty("jobId"));
        }
        if (id.isEmpty()) {
            return Optional.empty();
        }
        int tasks =
                recordMatches ? Integer.parseInt(record.getProperty("arrayTasks", "0")) : source.arraySize(id.get());
        return Optional.of(new SubmittedJob(name(), id.get(), jobKey, dir, tasks));
    }

    private static Optional<String> last(List<String> ids) {
        return ids.stream().max(java.util.Comparator.comparingLong(Long::parseLong));
    }

    @Override
    public void cancel(SubmittedJob job) throws ExecutorException {
        CommandResult result = runner.run(List.of("scancel", job.externalId()), timeout);
        if (!result.ok() && !alreadyGone(result)) {
            result.orThrow();
        }
        if (JobMarkers.read(job.jobDir()).isEmpty()) {
            try {
                Files.createDirectories(job.jobDir());
                Files.writeString(job.jobDir().resolve(JobMarkers.ABORTED), "scancel " + job.externalId() + "\n");
            } catch (IOException e) {
                throw new ExecutorException(
                        "SLURM job " + job.externalId() + " was cancelled but " + JobMarkers.ABORTED
                                + " could not be written in " + job.jobDir() + ": " + e.getMessage(),
                        e);
            }
        }
        LOG.info("cancelled SLURM job {} ({})", job.externalId(), job.jobKey());
    }

    /** scancel 22.05 answers 0 for ended and unknown jobs; other versions say so on stderr with exit 1. */
    private static boolean alreadyGone(CommandResult result) {
        String err = result.stderr().toLowerCase(java.util.Locale.ROOT);
        return err.contains("invalid job id") || err.contains("already completing or completed");
    }

    private QueueSnapshot squeue(List<String> filter) throws ExecutorException {
        List<String> argv = new ArrayList<>(List.of("squeue", "-h", "-t", "all", "-o", QueueSnapshot.SQUEUE_FORMAT));
        argv.addAll(filter);
        return QueueSnapshot.parseSqueue(runner.run(argv, timeout).orThrow().stdout());
    }

    private QueueSnapshot sacct(List<String> filter) throws ExecutorException {
        List<String> argv = new ArrayList<>(List.of("sacct", "-n", "-P", "-X", "-o", QueueSnapshot.SACCT_FIELDS));
        argv.addAll(filter);
        CommandResult result = runner.run(argv, timeout);
        if (!result.ok() && disabled(result)) {
            markSacctUnavailable();
            return QueueSnapshot.empty();
        }
        return QueueSnapshot.parseSacct(result.orThrow().stdout());
    }

    /** Whether sacct may be asked; learnt on its first use and kept for this executor's life. */
    private boolean sacctAvailable() {
        return !Boolean.FALSE.equals(sacctAvailable);
    }

    private static boolean disabled(CommandResult result) {
        return result.stderr().toLowerCase(java.util.Locale.ROOT).contains("accounting storage is disabled");
    }

    private void markSacctUnavailable() {
        if (!Boolean.FALSE.equals(sacctAvailable)) {
            LOG.warn("sacct reports that accounting storage is disabled: jobs are tracked by their RELION markers"
                    + " and squeue only; a job that vanished from squeue without a marker is UNKNOWN");
        }
        sacctAvailable = false;
    }

    private static void writeLaunchRecord(Path dir, String key, int arrayTasks, String jobId) throws IOException {
        Properties p = new Properties();
        p.setProperty("key", key);
        p.setProperty("arrayTasks", Integer.toString(arrayTasks));
        if (jobId != null) {
            p.setProperty("jobId", jobId);
        }
        Path file = dir.resolve(LAUNCH_RECORD);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            p.store(w, "written by Sightline's SlurmExecutor; read by findByKey after a restart");
        }
        Files.move(
                tmp,
                file,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static Properties readLaunchRecord(Path dir) {
        Properties p = new Properties();
        Path file = dir.resolve(LAUNCH_RECORD);
        if (Files.isRegularFile(file)) {
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException e) {
                LOG.warn("could not read {}; findByKey relies on SLURM alone", file, e);
            }
        }
        return p;
    }
}
