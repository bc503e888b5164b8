package io.sightline.server.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sightline.core.relion.ProcessStatus;
import io.sightline.core.relion.RelionFiles;
import io.sightline.core.text.TextReadException;
import io.sightline.pipeline.exec.ArrayTaskCommand;
import io.sightline.pipeline.exec.Executor;
import io.sightline.pipeline.exec.ExecutorException;
import io.sightline.pipeline.exec.JobLaunch;
import io.sightline.pipeline.exec.JobMarkers;
import io.sightline.pipeline.exec.JobObservation;
import io.sightline.pipeline.exec.JobState;
import io.sightline.pipeline.exec.MarkerWatch;
import io.sightline.pipeline.exec.SubmittedJob;
import io.sightline.pipeline.exec.TaskInputs;
import io.sightline.pipeline.exec.TaskMarkers;
import io.sightline.pipeline.graph.GraphException;
import io.sightline.pipeline.graph.PipelineGraph;
import io.sightline.pipeline.graph.PlannedJob;
import io.sightline.pipeline.graph.Wire;
import io.sightline.pipeline.jobtype.JobContext;
import io.sightline.pipeline.jobtype.JobTypes;
import io.sightline.pipeline.jobtype.OutputSlot;
import io.sightline.pipeline.project.RelionProject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs pipelines in-process, instead of {@code relion_schemer}: every decision is stored before it is acted on
 * (PipelineStore), so that a server killed at any moment and started again continues each run where it was,
 * without submitting a job twice. One tick, on one thread:
 * <ol>
 *   <li>a job left SUBMITTING by a crash is looked up with {@link Executor#findByKey}; only if the executor
 *       never saw it is it submitted (under the same key);</li>
 *   <li>every SUBMITTED job of every run is observed with one {@link Executor#poll} (markers outrank the
 *       backend); a failure is retried in place, in the same job directory, until the run's attempt limit, then
 *       the job fails and either the run stops (cancelling the rest) or only the jobs that need it are
 *       cancelled;</li>
 *   <li>a waiting job whose inputs all succeeded is submitted.</li>
 * </ol>
 * A rerun resets failed and cancelled jobs to waiting and keeps succeeded ones.
 */
public final class PipelineScheduler implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PipelineScheduler.class);
    /** A per-item job type's parameter: micrographs per array task, 0 for one job (JobType#perItem). */
    private static final String ITEMS_PER_TASK = "items_per_task";

    private final PipelineStore store;
    private final Executor executor;
    private final JobTypes types;
    private final Map<String, List<String>> programs;
    private final ObjectMapper json;
    private final Clock clock;
    /** Told of each succeeded job; given at {@link #start}, since the harvester is built after the scheduler. */
    private volatile JobSuccessListener onSuccess = JobSuccessListener.NONE;
    /** Told of each run that ends; given at {@link #start}, since the event transactions are built after. */
    private volatile PipelineEvents events = PipelineEvents.NONE;

    private final RelionFiles files = new RelionFiles();
    private final Map<String, PipelineGraph> graphs = new ConcurrentHashMap<>();
    private final Map<String, RunRequest> requests = new ConcurrentHashMap<>();
    private final Map<String, RelionProject> projects = new ConcurrentHashMap<>();
    private final ScheduledExecutorService loop;
    /** Wakes a tick when a submitted job writes its marker, so the next job need not wait for the interval. */
    private final MarkerWatch markers = new MarkerWatch(this::wake);

    /**
     * @param programs job type id → the program (and leading arguments) to run instead of the type's own, e.g.
     *     a site's wrapper script or, in tests, a small shell script
     */
    public PipelineScheduler(
            PipelineStore store,
            Executor executor,
            JobTypes types,
            Map<String, List<String>> programs,
            ObjectMapper json,
            Clock clock) {
        this.store = store;
        this.executor = executor;
        this.types = types;
        this.programs = Map.copyOf(programs);
        this.json = json;
        this.clock = clock;
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pipeline-scheduler");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts ticking every {@code interval}; the first tick reconciles whatever a previous server left. */
    public PipelineScheduler start(Duration interval) {
        return start(interval, JobSuccessListener.NONE);
    }

    /**
     * {@link #start(Duration)}, telling {@code onSuccess} of each succeeded job before its success is stored (the
     * results harvester).
     */
    public PipelineScheduler start(Duration interval, JobSuccessListener onSuccess) {
        return start(interval, onSuccess, PipelineEvents.NONE);
    }

    /** {@link #start(Duration, JobSuccessListener)}, telling {@code events} of every run that ends. */
    public PipelineScheduler start(Duration interval, JobSuccessListener onSuccess, PipelineEvents events) {
        this.onSuccess = onSuccess;
        this.events = events;
        loop.scheduleWithFixedDelay(this::tickSafely, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Asks for a tick now rather than at the next interval. */
    public void wake() {
        loop.execute(this::tickSafely);
    }

    public JobTypes types() {
        return types;
    }

    /**
     * Checks the pipeline, writes its jobs into the RELION project and stores the run; the scheduler then runs it.
     *
     * @throws GraphException when the pipeline is not valid (naming job and slot or field)
     */
    public PipelineRun start(RunRequest request) throws GraphException, IOException {
        return start(request, UUID.randomUUID().toString());
    }

    /**
     * {@link #start(RunRequest)} under an id the caller chose and stored first (a batch of an attachment), so that
     * after a crash the caller can tell whether the run exists.
     */
    public synchronized PipelineRun start(RunRequest request, String id) throws GraphException, IOException {
        PipelineGraph graph = PipelineGraph.build(request.pipeline(), types, request.acquisition());
        Path root = Path.of(request.project()).toAbsolutePath().normalize();
        RelionProject project = project(root);
        Map<String, String> dirs = new HashMap<>();
        List<PipelineJob> jobs = new ArrayList<>();
        for (PlannedJob job : graph.jobs()) {
            Map<String, String> inputFiles = new LinkedHashMap<>();
            job.inputs().forEach((slot, wire) -> inputFiles.put(slot, dirs.get(wire.job()) + outputFile(graph, wire)));
            String dir = project.addJob(job, inputFiles, String.join(" ", program(job)));
            dirs.put(job.name(), dir);
            jobs.add(new PipelineJob(
                    id,
                    job.name(),
                    jobs.size(),
                    job.type().id(),
                    dir,
                    JobStatus.WAITING,
                    0,
                    null,
                    null,
                    null,
                    null,
                    clock.instant()));
        }
        PipelineRun run = new PipelineRun(
                id,
                request.pipeline().name(),
                root.toString(),
                json.writeValueAsString(request),
                RunStatus.RUNNING,
                request.stopOnFailure(),
                Math.max(1, request.maxAttempts()),
                null,
                clock.instant(),
                null);
        store.insert(run, jobs);
        graphs.put(id, graph);
        requests.put(id, request);
        wake();
        return run;
    }

    /** Cancels every job of the run still waiting or running; the run ends CANCELLED. */
    public synchronized Optional<PipelineRun> cancel(String runId) {
        Optional<PipelineRun> run = store.run(runId);
        if (run.isEmpty() || run.get().status().finished()) {
            return run;
        }
        stopRest(run.get(), store.jobs(runId), "cancelled by request");
        PipelineRun done = run.get().finish(RunStatus.CANCELLED, "cancelled by request", clock.instant());
        finished(done);
        return Optional.of(done);
    }

    /** Runs again what did not succeed (failed and cancelled jobs, attempts counted afresh); keeps what did. */
    public synchronized Optional<PipelineRun> rerun(String runId) {
        Optional<PipelineRun> run = store.run(runId);
        if (run.isEmpty() || !run.get().status().finished()) {
            return run;
        }
        for (PipelineJob j : store.jobs(runId)) {
            if (j.status() == JobStatus.FAILED || j.status() == JobStatus.CANCELLED) {
                store.update(j.reset(clock.instant()));
            }
        }
        PipelineRun again = run.get().restart();
        store.update(again);
        wake();
        return Optional.of(again);
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            log.error("pipeline scheduler tick failed; the next tick tries again", e);
        }
    }

    /** One pass over every running run (see the class comment). */
    public synchronized void tick() {
        for (PipelineRun run : store.running()) {
            try {
                advance(run);
            } catch (IOException | ExecutorException | TextReadException | GraphException e) {
                log.warn("pipeline run {}: {}; trying again at the next tick", run.id(), e.getMessage());
            } catch (RuntimeException e) {
                // One broken run (an unreadable stored pipeline, a database hiccup) must not stop the others.
                log.error("pipeline run {} could not advance; trying again at the next tick", run.id(), e);
            }
        }
    }

    private void advance(PipelineRun run) throws IOException, ExecutorException, TextReadException, GraphException {
        PipelineGraph graph = graph(run);
        RelionProject project = project(Path.of(run.projectDir()));
        Map<String, PipelineJob> jobs = new LinkedHashMap<>();
        store.jobs(run.id()).forEach(j -> jobs.put(j.name(), j));

        for (PipelineJob j : List.copyOf(jobs.values())) {
            if (j.status() == JobStatus.SUBMITTING) {
                Optional<SubmittedJob> found = executor.findByKey(j.jobKey(), jobDir(run, j));
                if (found.isPresent()) {
                    PipelineJob now = j.submitted(found.get().externalId(), clock.instant());
                    store.update(now);
                    jobs.put(now.name(), now);
                } else if (submit(run, graph, project, j, j.attempt(), jobs)) {
                    return;
                }
            }
        }

        List<SubmittedJob> submitted = new ArrayList<>();
        for (PipelineJob j : jobs.values()) {
            if (j.status() == JobStatus.SUBMITTED) {
                submitted.add(submittedJob(run, j));
                markers.watch(jobDir(run, j));
            }
        }
        Map<String, JobObservation> seen = submitted.isEmpty() ? Map.of() : executor.poll(submitted);
        for (SubmittedJob s : submitted) {
            PipelineJob j = jobs.values().stream()
                    .filter(x -> s.jobKey().equals(x.jobKey()))
                    .findFirst()
                    .orElseThrow();
            JobObservation o = seen.get(s.externalId());
            if (o == null || !o.state().finished() && o.state() != JobState.UNKNOWN) {
                continue;
            }
            Optional<String> unjoined =
                    o.state() == JobState.SUCCEEDED ? joinTaskOutputs(run, graph, j) : Optional.empty();
            if (unjoined.isPresent()) {
                if (fail(run, graph, project, j, unjoined.get(), jobs)) {
                    return;
                }
            } else if (o.state() == JobState.SUCCEEDED) {
                PipelineJob done = j.with(JobStatus.SUCCEEDED, results(run, j), clock.instant());
                store.update(done);
                jobs.put(done.name(), done);
                project.setStatus(j.jobDir(), ProcessStatus.SUCCEEDED);
            } else if (j.attempt() < run.maxAttempts()) {
                log.info(
                        "pipeline run {}: {} attempt {} {} ({}); retrying in place",
                        run.id(),
                        j.name(),
                        j.attempt(),
                        o.state(),
                        o.reason());
                if (submit(run, graph, project, j, j.attempt() + 1, jobs)) {
                    return;
                }
            } else if (fail(run, graph, project, j, "attempt " + j.attempt() + ": " + o.reason(), jobs)) {
                return;
            }
        }

        for (PlannedJob p : graph.jobs()) {
            PipelineJob j = jobs.get(p.name());
            boolean ready = j.status() == JobStatus.WAITING
                    && p.inputs().values().stream()
                            .allMatch(w -> jobs.get(w.job()).status() == JobStatus.SUCCEEDED);
            if (ready && submit(run, graph, project, j, j.attempt() + 1, jobs)) {
                return;
            }
        }

        if (jobs.values().stream().allMatch(j -> j.status().finished())) {
            boolean ok = jobs.values().stream().allMatch(j -> j.status() == JobStatus.SUCCEEDED);
            finished(run.finish(
                    ok ? RunStatus.SUCCEEDED : RunStatus.FAILED, ok ? null : "a job failed", clock.instant()));
        }
    }

    /** Stores the ended run, then publishes it ({@code pipeline.run.finished}). */
    private void finished(PipelineRun done) {
        store.update(done);
        events.runFinished(done);
    }

    /**
     * Tells the listener that {@code j} succeeded, before that is stored (so a restart tells it again). An output
     * it cannot read does not fail the job: the answer is the reason stored with the success; anything else (the
     * database away) is thrown, and the next tick tries again.
     */
    private String results(PipelineRun run, PipelineJob j) {
        try {
            onSuccess.succeeded(run, j, jobDir(run, j));
            return null;
        } catch (TextReadException | IOException e) {
            log.warn(
                    "pipeline run {}: {} succeeded but its results could not be read: {}",
                    run.id(),
                    j.name(),
                    e.getMessage());
            return "succeeded; results not read: " + e.getMessage();
        }
    }

    /**
     * Submits {@code j} (see {@link #launch}); an executor that refuses it (a script sbatch rejects, a job
     * directory that cannot be made) fails the job rather than being asked again at every tick.
     *
     * @return whether the run stopped
     */
    private boolean submit(
            PipelineRun run,
            PipelineGraph graph,
            RelionProject project,
            PipelineJob j,
            int attempt,
            Map<String, PipelineJob> jobs)
            throws IOException {
        try {
            PipelineJob now = launch(run, graph, j, attempt, jobs);
            store.update(now);
            jobs.put(now.name(), now);
            return false;
        } catch (ExecutorException e) {
            String why = "the " + executor.name() + " executor refused it: " + e.getMessage()
                    + (e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")");
            PipelineJob tried = jobs.get(j.name()).submitting(attempt, j.jobKey(), executor.name(), clock.instant());
            return fail(run, graph, project, tried, why, jobs);
        }
    }

    /**
     * {@code j} failed for good: stored with {@code why}; with stop-on-failure the rest is cancelled and the run
     * fails, else only the jobs that need {@code j} are cancelled.
     *
     * @return whether the run stopped
     */
    private boolean fail(
            PipelineRun run,
            PipelineGraph graph,
            RelionProject project,
            PipelineJob j,
            String why,
            Map<String, PipelineJob> jobs)
            throws IOException {
        PipelineJob failed = j.with(JobStatus.FAILED, why, clock.instant());
        store.update(failed);
        jobs.put(failed.name(), failed);
        project.setStatus(j.jobDir(), ProcessStatus.FAILED);
        if (run.stopOnFailure()) {
            stopRest(run, List.copyOf(jobs.values()), "stopped: " + j.name() + " failed");
            finished(run.finish(RunStatus.FAILED, j.name() + " failed: " + why, clock.instant()));
            return true;
        }
        for (String d : graph.downstream(j.name())) {
            PipelineJob w = jobs.get(d);
            if (w.status() == JobStatus.WAITING) {
                PipelineJob c = w.with(JobStatus.CANCELLED, "input " + j.name() + " failed", clock.instant());
                store.update(c);
                jobs.put(d, c);
                project.setStatus(w.jobDir(), ProcessStatus.ABORTED);
            }
        }
        return false;
    }

    /**
     * Submits attempt {@code attempt} of {@code j}: the intent (SUBMITTING, key) is stored first, the job's old
     * markers removed (a retry runs in place), then the executor asked. Returns the job as SUBMITTED.
     */
    private PipelineJob launch(
            PipelineRun run, PipelineGraph graph, PipelineJob j, int attempt, Map<String, PipelineJob> jobs)
            throws IOException, ExecutorException {
        PlannedJob planned = graph.job(j.name()).orElseThrow();
        String key = "sl-" + run.id().substring(0, 8) + "-" + j.name() + "-a" + attempt;
        PipelineJob intent = j.submitting(attempt, key, executor.name(), clock.instant());
        store.update(intent);
        Path dir = jobDir(run, j);
        try {
            for (String marker : List.of(JobMarkers.SUCCESS, JobMarkers.FAILURE, JobMarkers.ABORTED)) {
                Files.deleteIfExists(dir.resolve(marker));
            }
        } catch (IOException e) {
            throw new ExecutorException("cannot clear the old markers in " + dir, e);
        }
        Map<String, Path> inputs = new HashMap<>();
        planned.inputs()
                .forEach((slot, wire) -> inputs.put(
                        slot,
                        Path.of(run.projectDir()).resolve(jobs.get(wire.job()).jobDir() + outputFile(graph, wire))));
        int arrayTasks = splitIntoTasks(planned, inputs, dir);
        List<String> command = new ArrayList<>(program(planned));
        if (arrayTasks > 0) {
            // Every task runs the same line; {task} in it becomes the task's index (ArrayTaskCommand).
            Path taskDir = dir.resolve(TaskInputs.DIR).resolve(ArrayTaskCommand.TOKEN);
            String slot = planned.type().inputs().getFirst().name();
            Map<String, Path> taskInputs = new HashMap<>(inputs);
            taskInputs.put(slot, taskDir.resolve(inputs.get(slot).getFileName()));
            command.addAll(planned.type().arguments(new JobContext(planned.parameters(), taskInputs, taskDir)));
            command = ArrayTaskCommand.perTask(command);
        } else {
            command.addAll(planned.type().arguments(new JobContext(planned.parameters(), inputs, dir)));
        }
        JobLaunch launch = new JobLaunch(
                key,
                dir,
                command,
                Map.of("SIGHTLINE_RUN", run.id(), "SIGHTLINE_JOB", j.name(), "SIGHTLINE_PROJECT", run.projectDir()),
                // the executor lays this over the site defaults: site ← job type ← run ← job
                planned.type().resources().overriddenBy(request(run).overridesFor(j.name())),
                arrayTasks,
                Optional.empty());
        if (arrayTasks > 0) {
            // A retry or rerun of a partly failed array runs only the tasks without an ok marker; the others keep
            // their outputs and markers.
            List<Integer> left = TaskMarkers.unsucceeded(dir, arrayTasks);
            if (!left.isEmpty() && left.size() < arrayTasks) {
                launch = launch.onlyTasks(key, left);
            }
        }
        SubmittedJob s = executor.submit(launch);
        markers.watch(dir);
        project(Path.of(run.projectDir())).setStatus(j.jobDir(), ProcessStatus.RUNNING);
        return intent.submitted(s.externalId(), clock.instant());
    }

    /**
     * For a per-item job type whose {@code items_per_task} is above 0, cuts its first input into one file per task
     * under {@code tasks/} and answers the number of tasks; 0 for a job that runs as one.
     */
    private static int splitIntoTasks(PlannedJob planned, Map<String, Path> inputs, Path dir) throws ExecutorException {
        if (!planned.type().perItem() || planned.type().inputs().isEmpty()) {
            return 0;
        }
        long perTask = planned.parameters().integer(ITEMS_PER_TASK);
        if (perTask <= 0) {
            return 0;
        }
        Path input = inputs.get(planned.type().inputs().getFirst().name());
        try {
            return TaskInputs.split(input, dir, (int) perTask);
        } catch (IOException | TextReadException e) {
            throw new ExecutorException("cannot cut " + input + " into array tasks: " + e.getMessage(), e);
        }
    }

    /**
     * Joins an array job's task outputs into the job's own output files (what the next job and the harvester read).
     *
     * @return why they could not be joined, or empty (also for a single job)
     */
    private Optional<String> joinTaskOutputs(PipelineRun run, PipelineGraph graph, PipelineJob j) {
        Path dir = jobDir(run, j);
        int tasks = TaskInputs.arrayTasks(dir);
        if (tasks == 0) {
            return Optional.empty();
        }
        try {
            for (OutputSlot out : graph.job(j.name()).orElseThrow().type().outputs()) {
                TaskInputs.join(dir, tasks, out.file());
            }
            return Optional.empty();
        } catch (IOException | TextReadException e) {
            return Optional.of(
                    "its " + tasks + " tasks succeeded but their outputs could not be joined: " + e.getMessage());
        }
    }

    private static SubmittedJob submittedJob(PipelineRun run, PipelineJob j) {
        Path dir = jobDir(run, j);
        return new SubmittedJob(j.executor(), j.externalId(), j.jobKey(), dir, TaskInputs.arrayTasks(dir));
    }

    /** Cancels the run's submitted jobs and marks every unfinished job CANCELLED with {@code why}. */
    private void stopRest(PipelineRun run, List<PipelineJob> jobs, String why) {
        RelionProject project = project(Path.of(run.projectDir()));
        for (PipelineJob j : jobs) {
            if (j.status().finished()) {
                continue;
            }
            if (j.status() == JobStatus.SUBMITTED || j.status() == JobStatus.SUBMITTING) {
                try {
                    Optional<SubmittedJob> s = j.status() == JobStatus.SUBMITTED
                            ? Optional.of(submittedJob(run, j))
                            : executor.findByKey(j.jobKey(), jobDir(run, j));
                    if (s.isPresent()) {
                        executor.cancel(s.get());
                    }
                } catch (ExecutorException e) {
                    log.warn("pipeline run {}: cancelling {} failed: {}", run.id(), j.name(), e.getMessage());
                }
            }
            store.update(j.with(JobStatus.CANCELLED, why, clock.instant()));
            try {
                project.setStatus(j.jobDir(), ProcessStatus.ABORTED);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private List<String> program(PlannedJob job) {
        return programs.getOrDefault(job.type().id(), List.of(job.type().program()));
    }

    private static String outputFile(PipelineGraph graph, Wire wire) {
        return graph.job(wire.job()).orElseThrow().type().outputs().stream()
                .filter(o -> o.name().equals(wire.output()))
                .map(OutputSlot::file)
                .findFirst()
                .orElseThrow();
    }

    private static Path jobDir(PipelineRun run, PipelineJob j) {
        return Path.of(run.projectDir()).resolve(j.jobDir());
    }

    private PipelineGraph graph(PipelineRun run) throws GraphException {
        PipelineGraph g = graphs.get(run.id());
        if (g == null) {
            RunRequest r = request(run);
            g = PipelineGraph.build(r.pipeline(), types, r.acquisition());
            graphs.put(run.id(), g);
        }
        return g;
    }

    /** The request the run was started with, as stored with it (read once per scheduler). */
    private RunRequest request(PipelineRun run) {
        return requests.computeIfAbsent(run.id(), id -> {
            try {
                return json.readValue(run.spec(), RunRequest.class);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("run " + run.id() + " has an unreadable pipeline", e);
            }
        });
    }

    private RelionProject project(Path root) {
        return projects.computeIfAbsent(root.toString(), k -> {
            try {
                return RelionProject.open(root, files);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (TextReadException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        });
    }

    /** Stops ticking. Jobs keep running: a server started later continues the runs. */
    @Override
    public void close() {
        markers.close();
        loop.shutdownNow();
        try {
            loop.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
