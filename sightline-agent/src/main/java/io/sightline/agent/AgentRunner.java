package io.sightline.agent;

import io.sightline.agent.athena.AthenaSteering;
import io.sightline.agent.client.BackendClient;
import io.sightline.agent.images.ImageRegistrar;
import io.sightline.agent.ingest.EntityChange;
import io.sightline.agent.ingest.EntitySink;
import io.sightline.agent.ingest.IngestPipeline;
import io.sightline.agent.ingest.Reconciler;
import io.sightline.agent.ingest.TruncationRule;
import io.sightline.agent.outbox.AgentStore;
import io.sightline.agent.outbox.Delivery;
import io.sightline.agent.outbox.DryRunDelivery;
import io.sightline.agent.outbox.OutboxSender;
import io.sightline.agent.steer.LogShipper;
import io.sightline.agent.steer.LogSink;
import io.sightline.agent.steer.RecentProblems;
import io.sightline.agent.steer.StandardHandlers;
import io.sightline.agent.steer.SteeringChannel;
import io.sightline.agent.watch.DirectoryWatcher;
import io.sightline.agent.watch.FileListener;
import io.sightline.agent.watch.WatchOptions;
import io.sightline.core.image.formats.ImageFormats;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's composition root: watcher → ingest pipeline → local store (outbox) → delivery, plus the
 * status line. {@link #start()} opens the store first (a store another agent holds is a fatal
 * configuration error, thrown from here); {@link #close()} stops watching, finishes queued files, then
 * tries for {@link AgentConfig#drainTimeout()} to deliver what is stored. Unless it is a dry run it also
 * runs the steering channel (session, instruction stream, heartbeats, log shipping; docs/steering.md).
 */
public final class AgentRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AgentRunner.class);

    /** Files waiting longer than this for a parent turn the status line into a warning. */
    static final Duration ORPHAN_WARNING_AGE = Duration.ofMinutes(5);

    /**
     * Most entries in one ingest request. Live, a batch holds what settled since the last one; after a
     * start over a finished session the outbox is deep, and each request costs the server a transaction
     * and an idempotency record, so fewer, larger ones catch up sooner: 2,000 items are about 1 MB, far
     * below the server's body limit (16 MiB by default; a 413 halves the batch anyway). Batches stay one
     * at a time: the server answers a child whose parent it has not committed with 404, so two batches
     * in flight could park children of a batch still being written.
     */
    static final int MAX_BATCH = 2000;

    private final AgentConfig config;
    private final Consumer<String> dryRunOut;
    private AgentStore store;
    private IngestPipeline pipeline;
    private ImageRegistrar images;
    private DirectoryWatcher watcher;
    private Delivery delivery;
    private ScheduledExecutorService statusTimer;
    private boolean closed;
    // steering (issue 5)
    private final RecentProblems problems = new RecentProblems(50);
    private final LogShipper logShipper = new LogShipper(10_000, 500, Duration.ofSeconds(2), Clock.systemUTC());
    private SteeringChannel steering;
    private ScheduledFuture<?> statusTask;

    /** @param dryRunOut where {@code --dry-run} prints what it would send (ignored otherwise) */
    public AgentRunner(AgentConfig config, Consumer<String> dryRunOut) {
        this.config = config;
        this.dryRunOut = dryRunOut;
    }

    public AgentRunner start() {
        LOG.info("agent: {}, API {}", config.describe(), config.apiFlavour().wireName());
        store = config.dryRun()
                ? AgentStore.inMemory("dry-run-" + UUID.randomUUID())
                : AgentStore.open(config.stateDir());
        try {
            delivery = config.dryRun()
                    ? new DryRunDelivery(store, dryRunOut)
                    : new OutboxSender(
                            store,
                            new BackendClient(config.apiUrl(), config.token(), Duration.ofSeconds(30)),
                            config.agentId(),
                            MAX_BATCH,
                            Duration.ofMillis(200),
                            Duration.ofSeconds(30),
                            config.apiFlavour());
            Delivery d = delivery;
            EntitySink sink = (changes, files) -> {
                store.append(changes, files);
                d.wake();
            };
            int waiting = store.count();
            int undelivered = store.depth();
            if (waiting > 0 || undelivered > 0) {
                LOG.info("resuming: {} changes still to deliver, {} files waiting for a parent", undelivered, waiting);
            }
            Reconciler reconciler = new Reconciler(config.root(), config.agentId());
            List<EntityChange> known = store.knownEntities();
            reconciler.restore(known);
            if (!known.isEmpty()) {
                LOG.info("known from earlier runs: {} entities (unchanged files are not read again)", known.size());
            }
            pipeline = new IngestPipeline(
                    reconciler,
                    sink,
                    store,
                    store,
                    Runtime.getRuntime().availableProcessors(),
                    TruncationRule.forSettleWindow(config.settle()),
                    Clock.systemUTC());
            pipeline.start();
            images = new ImageRegistrar(
                    config.root(),
                    reconciler,
                    (registrations, stamps) -> {
                        store.register(registrations, stamps);
                        d.wake();
                    },
                    ImageFormats.standard(),
                    store.fileHashes());
            delivery.start();
            watcher = new DirectoryWatcher(
                    WatchOptions.of(config.root())
                            .withPollingOnly(config.pollingOnly())
                            .withRescanInterval(config.pollInterval())
                            .withSettleWindow(config.settle()),
                    FileListener.both(pipeline, images));
            watcher.start();
            statusTimer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "sightline-status");
                t.setDaemon(true);
                return t;
            });
            long every = config.logInterval().toMillis();
            statusTask = statusTimer.scheduleAtFixedRate(this::logStatus, every, every, TimeUnit.MILLISECONDS);
            if (!config.dryRun()) {
                startSteering();
            }
            return this;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void startSteering() {
        AgentInfo info = new AgentInfo(
                config,
                store,
                this::status,
                problems,
                () -> steering == null ? null : steering.dispatcher(),
                () -> steering == null ? null : steering.sessionId().orElse(null));
        steering = new SteeringChannel(
                new BackendClient(config.apiUrl(), config.token(), Duration.ofSeconds(30)),
                config.agentId(),
                config.steering(),
                store,
                logShipper,
                session -> StandardHandlers.registry(
                        info,
                        this::logInterval,
                        d -> steering.heartbeatInterval(d),
                        config.athenaUrl() == null
                                ? null
                                : AthenaSteering.forSession(config.athenaUrl(), config.agentId(), session)));
        steering.start();
    }

    /**
     * Where the process's logging hands this agent its records (INFO and above): kept for
     * {@code agent.info.errors} and, unless a dry run, shipped to the server. Usable before {@link #start()}.
     */
    public LogSink logSink() {
        return entry -> {
            problems.accept(entry);
            if (!config.dryRun()) {
                logShipper.accept(entry);
            }
        };
    }

    /** The steering channel (null in a dry run or before {@link #start()}). */
    public SteeringChannel steering() {
        return steering;
    }

    /** A new status-line interval ({@code agent.config.update}). */
    void logInterval(Duration value) {
        // not on `this`: close() holds that lock while it waits for the handler thread calling this
        synchronized (statusTimer) {
            if (!statusTimer.isShutdown()) {
                statusTask.cancel(false);
                long every = value.toMillis();
                statusTask = statusTimer.scheduleAtFixedRate(this::logStatus, every, every, TimeUnit.MILLISECONDS);
            }
        }
    }

    private void logStatus() {
        try {
            AgentStatus status = status();
            if (status.oldestOrphan()
                    .filter(age -> age.compareTo(ORPHAN_WARNING_AGE) > 0)
                    .isPresent()) {
                LOG.warn(
                        "status: {} files have waited over {} min for their parent (kept, not dropped); {}",
                        status.pendingOrphans(),
                        ORPHAN_WARNING_AGE.toMinutes(),
                        status.describe());
            } else {
                LOG.info("status: {}", status.describe());
            }
        } catch (RuntimeException e) {
            LOG.warn("status unavailable: {}", e.toString());
        }
    }

    public AgentStatus status() {
        Instant now = Instant.now();
        return new AgentStatus(
                pipeline.filesSeen(),
                pipeline.filesRejected(),
                pipeline.entityCounts(),
                store.count(),
                store.oldest().map(t -> Duration.between(t, now)),
                store.figures(now),
                delivery.delivered(),
                delivery.state(),
                watcher.status().describe());
    }

    /** The ingest pipeline's and the image registrar's work in hand (queued files and retries). */
    public long ingestBacklog() {
        return (pipeline == null ? 0 : pipeline.backlog()) + (images == null ? 0 : images.backlog());
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (steering != null) {
            steering.close();
        }
        if (statusTimer != null) {
            statusTimer.shutdownNow();
        }
        if (watcher != null) {
            watcher.close();
        }
        try {
            if (pipeline != null && !pipeline.awaitIdle(Duration.ofSeconds(5))) {
                LOG.warn(
                        "stopping with {} files still queued (they are read again at the next start)",
                        pipeline.backlog());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (pipeline != null) {
            pipeline.close();
        }
        if (images != null) {
            try {
                if (!images.awaitIdle(Duration.ofSeconds(5))) {
                    LOG.warn(
                            "stopping with {} images not registered yet (offered again at the next start)",
                            images.backlog());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            images.close();
        }
        if (delivery != null) {
            boolean empty = delivery.drain(config.drainTimeout());
            delivery.close();
            if (!empty) {
                LOG.warn(
                        "stopped with {} changes undelivered; they are kept in {} and sent at the next start",
                        store.depth(),
                        store.description());
            }
        }
        if (store != null) {
            if (pipeline != null) {
                LOG.info("stopped: {}", safeStatus());
            }
            store.close();
        }
    }

    private String safeStatus() {
        try {
            return status().describe();
        } catch (RuntimeException e) {
            return e.toString();
        }
    }
}
