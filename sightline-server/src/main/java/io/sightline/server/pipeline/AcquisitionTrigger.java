package io.sightline.server.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sightline.pipeline.graph.GraphException;
import io.sightline.pipeline.graph.JobSpec;
import io.sightline.pipeline.graph.PipelineSpec;
import io.sightline.server.data.StorageRoots;
import io.sightline.server.events.Event;
import io.sightline.server.events.EventFilter;
import io.sightline.server.events.EventLog;
import io.sightline.server.events.EventSink;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs attached pipelines on an acquisition's new micrographs, in batches, as the agent delivers them. Each
 * commit that holds a {@code micrograph.created} event wakes it (it is one of the server's event sinks); it then
 * reads the acquisition's new micrograph events from the event log above the attachment's cursor (one query per
 * attachment, however many micrographs came), takes them with the cursor in one transaction, cuts the batches
 * that are full or have waited long enough ({@link BatchPolicy}), and starts each batch as a run of the
 * attached pipeline whose import reads exactly the batch's movies ({@link BatchInputs}). Every step is stored
 * before the next: a server killed anywhere continues from the event log, the taken micrographs and the
 * batches' stored run ids, so no micrograph is forgotten or processed twice. It also looks every
 * {@code idle} without a wake-up, for due partial batches and in case a wake-up was missed.
 */
public final class AcquisitionTrigger implements EventSink, AutoCloseable {
    static final String MICROGRAPH_CREATED = "micrograph.created";
    /** The job type whose {@code movies} glob a batch points at its own movies. */
    static final String IMPORT_TYPE = "spa.import";

    static final String IMPORT_MOVIES = "movies";
    private static final int PAGE = 1000;
    private static final Logger log = LoggerFactory.getLogger(AcquisitionTrigger.class);

    private final AttachmentStore store;
    private final PipelineStore runs;
    private final PipelineScheduler scheduler;
    private final EventLog events;
    private final StorageRoots storage;
    private final ObjectMapper json;
    private final Clock clock;
    private final Duration idle;
    private final Set<String> flushes = ConcurrentHashMap.newKeySet();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition woken = lock.newCondition();
    private boolean wakeRequested;
    private volatile boolean running;
    /** Told of each batch started as a run; given at {@link #start(PipelineEvents)}. */
    private volatile PipelineEvents published = PipelineEvents.NONE;

    private Thread thread;

    /**
     * @param storage maps the paths the agent reports to files on this server (null: paths are taken as given)
     * @param idle the longest sleep without a wake-up or a due batch
     */
    public AcquisitionTrigger(
            AttachmentStore store,
            PipelineStore runs,
            PipelineScheduler scheduler,
            EventLog events,
            StorageRoots storage,
            ObjectMapper json,
            Clock clock,
            Duration idle) {
        this.store = store;
        this.runs = runs;
        this.scheduler = scheduler;
        this.events = events;
        this.storage = storage;
        this.json = json;
        this.clock = clock;
        this.idle = idle;
    }

    /** Starts the trigger's thread; its first cycle continues whatever a previous server left. */
    public synchronized AcquisitionTrigger start(PipelineEvents events) {
        this.published = events;
        return start();
    }

    public synchronized AcquisitionTrigger start() {
        if (thread == null) {
            running = true;
            thread = Thread.ofPlatform().daemon().name("pipeline-trigger").start(this::loop);
        }
        return this;
    }

    @Override
    public void committed(List<Event> committed) {
        for (Event e : committed) {
            if (MICROGRAPH_CREATED.equals(e.type())) {
                wake();
                return;
            }
        }
    }

    /** Asks for a cycle now (a new attachment, a commit with micrographs). */
    public void wake() {
        lock.lock();
        try {
            wakeRequested = true;
            woken.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Submits what waits in the attachment now, without waiting for a full batch ("on demand"). */
    public void flush(String attachmentId) {
        flushes.add(attachmentId);
        wake();
    }

    private void loop() {
        while (running) {
            Optional<Instant> due = Optional.empty();
            try {
                due = cycle();
            } catch (RuntimeException e) {
                log.error("pipeline trigger cycle failed; trying again", e);
            }
            long waitMillis = idle.toMillis();
            if (due.isPresent()) {
                waitMillis = Math.max(
                        1,
                        Math.min(
                                waitMillis,
                                Duration.between(clock.instant(), due.get()).toMillis()));
            }
            lock.lock();
            try {
                long nanos = TimeUnit.MILLISECONDS.toNanos(waitMillis);
                while (running && !wakeRequested && nanos > 0) {
                    nanos = woken.awaitNanos(nanos);
                }
                wakeRequested = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * One pass: take new micrographs, cut what is due, start what was cut.
     *
     * @return when the next partial batch falls due, if one waits
     */
    synchronized Optional<Instant> cycle() {
        Instant next = null;
        for (Attachment a : store.active()) {
            take(a);
            boolean flush = flushes.remove(a.id());
            AttachmentStore.Waiting w = store.waiting(a.id());
            Instant now = clock.instant();
            List<Integer> sizes = w.count() == 0 ? List.of() : a.policy().cut(w.count(), w.oldest(), now, flush);
            if (!sizes.isEmpty()) {
                store.cut(a, sizes, now);
                w = store.waiting(a.id());
            }
            Optional<Instant> due =
                    w.count() == 0 ? Optional.empty() : a.policy().due(w.count(), w.oldest());
            if (due.isPresent() && (next == null || due.get().isBefore(next))) {
                next = due.get();
            }
        }
        for (PipelineBatch b : store.unstarted()) {
            start(b);
        }
        return Optional.ofNullable(next);
    }

    /** Takes the acquisition's micrographs created since the cursor, page by page. */
    private void take(Attachment a) {
        long cursor = a.eventCursor();
        EventFilter filter = new EventFilter(a.acquisitionUuid(), Set.of(MICROGRAPH_CREATED));
        while (true) {
            List<Event> page = events.after(cursor, filter, PAGE);
            if (page.isEmpty()) {
                return;
            }
            List<AttachmentItem> items = new ArrayList<>();
            for (Event e : page) {
                items.add(item(e));
            }
            cursor = page.getLast().id();
            store.take(a.id(), items, cursor, clock.instant());
            if (page.size() < PAGE) {
                return;
            }
        }
    }

    private AttachmentItem item(Event e) {
        String id = null;
        String reported = null;
        try {
            JsonNode p = json.readTree(e.payloadJson());
            id = p.path("micrograph_id").isTextual() ? p.get("micrograph_id").asText() : null;
            reported =
                    p.path("manifest_file").isTextual() ? p.get("manifest_file").asText() : null;
        } catch (JsonProcessingException x) {
            log.warn("micrograph event {} has an unreadable payload; its micrograph is taken without a file", e.id());
        }
        return new AttachmentItem(e.entityUuid(), e.id(), id, reported == null ? null : serverPath(reported));
    }

    /** The reported path mapped into a storage root, as data objects are; as reported when it does not map. */
    private String serverPath(String reported) {
        if (storage == null) {
            return reported;
        }
        try {
            return storage.resolve(reported).toString();
        } catch (StorageRoots.Refused r) {
            return reported;
        }
    }

    /** Starts the batch's run under its stored id, unless a run with that id was stored before a crash. */
    private void start(PipelineBatch b) {
        if (runs.run(b.runId()).isPresent()) {
            store.started(b, null);
            return;
        }
        Optional<Attachment> a = store.attachment(b.attachmentId());
        if (a.isEmpty()) {
            return;
        }
        try {
            RunRequest base = json.readValue(a.get().runRequest(), RunRequest.class);
            Path project = Path.of(base.project());
            BatchInputs.write(project, b.number(), store.items(b.attachmentId(), b.number()));
            scheduler.start(batchRequest(base, b.number(), BatchInputs.glob(project, b.number())), b.runId());
            store.started(b, null);
            published.batchStarted(a.get(), b);
            log.info(
                    "attachment {}: batch {} of {} micrographs started as run {}",
                    b.attachmentId(),
                    b.number(),
                    b.size(),
                    b.runId());
        } catch (GraphException | JsonProcessingException e) {
            // Checked when attached; a template changed since cannot be fixed by trying again.
            store.started(b, "cannot start: " + e.getMessage());
            log.error("attachment {}: batch {} cannot start: {}", b.attachmentId(), b.number(), e.getMessage());
        } catch (IOException e) {
            log.warn(
                    "attachment {}: batch {} not started yet ({}); trying again",
                    b.attachmentId(),
                    b.number(),
                    e.getMessage());
        }
    }

    /** The attachment's run with every import's movies pointed at the batch, named after the batch. */
    static RunRequest batchRequest(RunRequest base, int number, String moviesGlob) {
        List<JobSpec> jobs = new ArrayList<>();
        for (JobSpec j : base.pipeline().jobs()) {
            if (j.type().equals(IMPORT_TYPE)) {
                Map<String, String> p = new LinkedHashMap<>(j.parameters());
                p.put(IMPORT_MOVIES, moviesGlob);
                j = new JobSpec(j.name(), j.type(), p, j.inputs());
            }
            jobs.add(j);
        }
        PipelineSpec spec = new PipelineSpec(
                base.pipeline().name() + "-batch-" + number, base.pipeline().description(), jobs);
        return new RunRequest(spec, base.acquisition(), base.project(), base.stopOnFailure(), base.maxAttempts());
    }

    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            running = false;
            t = thread;
        }
        wake();
        if (t != null) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
