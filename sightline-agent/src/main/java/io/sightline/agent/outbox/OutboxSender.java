package io.sightline.agent.outbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.agent.client.ApiFlavour;
import io.sightline.agent.client.BackendClient;
import io.sightline.agent.client.Failures;
import io.sightline.agent.client.SmartEmRoutes;
import io.sightline.agent.images.DataObjectRegistration;
import io.sightline.core.wire.Feature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the outbox to {@code POST /api/v1/ingest} in order, in batches, each with an idempotency key
 * made of the agent id, the batch's first and last sequence numbers and a hash of its body (so a
 * retried batch replays, and a batch that changed gets a new key). 2xx items are removed; items the
 * server refuses with a 4xx are parked with the reason (logged), never retried forever; while the
 * server is unreachable or answers 5xx it retries with exponential backoff and full jitter, dropping
 * nothing.
 *
 * <p>One item must not hold up the rest (the poison rule; README, "Running the agent"). A batch the
 * server refuses as a whole with a 4xx is halved until the item at fault is alone, then parked. A batch
 * it fails with a 500 twice in a row is halved the same way, but an item failing alone is only held
 * back ({@link PoisonSuspects}) while the rest goes on, and parked as a poison item only when it failed
 * alone {@value PoisonSuspects#STRIKES} times, each after the server accepted other items: a server
 * that is down, draining (503) or gone parks nothing.
 *
 * <p>With {@link ApiFlavour#AUTO} it asks {@code /status} once: a server that advertises
 * {@code ingest-v1} gets batches, any other (a SmartEM backend) gets each entry in turn on SmartEM's
 * per-entity endpoints ({@link SmartEmRoutes}), still in outbox order so parents go first; there an
 * entity the backend already has is updated with {@code PUT}, so a replay after a restart is harmless.
 *
 * <p>Image registrations go to {@code POST /api/v1/data-objects} only when {@code /status} advertises
 * {@code data-objects-v1} (the server has a storage root). Until then they are held in the store
 * ({@link AgentStore#hold}), not sent and not dropped, while the entities go on; {@code /status} is asked
 * again after an outage and every {@link #FEATURE_RECHECK} while some are held, and when the feature appears
 * they are put back in the outbox ahead of the image registrations waiting ({@link AgentStore#releaseHeld}).
 * A SmartEM backend never takes them: there they are dropped (the files stay on disk).
 */
public final class OutboxSender implements Delivery {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxSender.class);
    /** Where image registrations go (docs/data-objects.md). */
    private static final String DATA_OBJECTS = "/api/v1/data-objects";

    private final AgentStore store;
    private final BackendClient client;
    private final String agentId;
    private final int maxBatch;
    private final Duration backoffMin;
    private final Duration backoffMax;
    private final Object signal = new Object();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failedAlone = new AtomicLong();
    private volatile String state = "starting";
    private volatile boolean running;
    private volatile long drainDeadline = Long.MAX_VALUE;
    private final ApiFlavour flavour;
    /** What {@link #flavour} turned out to be; null until known. */
    private volatile ApiFlavour chosen;
    /** Whether the server takes image registrations ({@code data-objects-v1}); assumed when not asked. */
    private volatile boolean takesImages = true;
    /**
     * How often {@code /status} is asked again while image registrations are held for a server without a
     * storage root: a root comes only with a restart, which an idle sender may not notice as an outage.
     */
    static final Duration FEATURE_RECHECK = Duration.ofSeconds(10);
    /** The server was away: it may have been restarted with other features; ask {@code /status} again. */
    private boolean featuresStale;
    /** When {@code /status} was last read (nanoTime). */
    private long featuresReadAt;

    private int batchSize;
    private long backoff;
    private Thread thread;
    /** The poison rule's bookkeeping (this sender's thread only). */
    private final PoisonSuspects suspects = new PoisonSuspects();
    /** 500s in a row for whole requests. */
    private int serverErrors;
    /** Entries held back by the poison rule, for {@link #state()}. */
    private volatile int heldBack;

    public OutboxSender(
            AgentStore store,
            BackendClient client,
            String agentId,
            int maxBatch,
            Duration backoffMin,
            Duration backoffMax) {
        this(store, client, agentId, maxBatch, backoffMin, backoffMax, ApiFlavour.AUTO);
    }

    public OutboxSender(
            AgentStore store,
            BackendClient client,
            String agentId,
            int maxBatch,
            Duration backoffMin,
            Duration backoffMax,
            ApiFlavour flavour) {
        this.flavour = flavour;
        this.chosen = flavour == ApiFlavour.AUTO ? null : flavour;
        this.store = store;
        this.client = client;
        this.agentId = agentId;
        this.maxBatch = maxBatch;
        this.batchSize = maxBatch;
        this.backoffMin = backoffMin;
        this.backoffMax = backoffMax;
        this.backoff = backoffMin.toMillis();
    }

    @Override
    public void start() {
        running = true;
        thread = Thread.ofPlatform().daemon().name("sightline-sender").start(this::loop);
    }

    @Override
    public void wake() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    @Override
    public String state() {
        int held = heldBack;
        int images = store.heldCount();
        return state
                + (held == 0 ? "" : ", " + held + " held back (failed alone with 500)")
                + (images == 0 ? "" : ", " + images + " image registrations held until the server has a storage root");
    }

    /** The API in use: the configured one, or what {@code /status} said; empty while not known. */
    public Optional<ApiFlavour> flavour() {
        return Optional.ofNullable(chosen);
    }

    @Override
    public long delivered() {
        return delivered.get();
    }

    /** How many times the server failed an entry with a 500 while it was alone in the request. */
    public long failedAlone() {
        return failedAlone.get();
    }

    /** Entries held back by the poison rule: suspects, and entries deferred behind them. */
    public int heldBack() {
        return heldBack;
    }

    private void loop() {
        while (running) {
            try {
                boolean progressed = step();
                if (!progressed) {
                    if (drainDeadline != Long.MAX_VALUE && store.depth() == 0) {
                        return;
                    }
                    pause();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                state = "error: " + e.getMessage();
                LOG.error("sender failed, retrying: {}", e.toString(), e);
                try {
                    backOff();
                } catch (InterruptedException ie) {
                    return;
                }
            }
            if (System.nanoTime() > drainDeadline) {
                return;
            }
        }
    }

    /** One round: true when something was delivered or parked; false to wait (idle, or backing off done). */
    private boolean step() throws InterruptedException {
        if (chosen == null) {
            try {
                BackendClient.Answer status = client.status();
                chosen = ApiFlavour.fromStatus(status).orElse(null);
                readFeatures(status);
                if (chosen == null) {
                    state = "status answered " + status.status();
                    LOG.warn("{}: {}; asking again", client.base(), state);
                    backOff();
                    return false;
                }
                state = "connected";
                LOG.info(
                        "server {} {}",
                        client.base(),
                        chosen == ApiFlavour.SIGHTLINE
                                ? "accepts batched ingest"
                                : "does not advertise " + Feature.INGEST_V1.wireName()
                                        + ": delivering on the SmartEM per-entity endpoints");
            } catch (IOException e) {
                unreachable(e);
                return false;
            }
        }
        if (chosen == ApiFlavour.SMARTEM) {
            List<OutboxEntry> batch = store.peek(batchSize);
            return !batch.isEmpty() && sendEach(batch);
        }
        if (flavour == ApiFlavour.AUTO && featuresDue()) {
            try {
                readFeatures(client.status());
            } catch (IOException e) {
                unreachable(e);
                return false;
            }
        }
        if (takesImages && store.heldCount() > 0) {
            int released = store.releaseHeld();
            LOG.info(
                    "server {} takes images now: registering the {} images seen while it had no storage root",
                    client.base(),
                    released);
            return true;
        }
        Request request = nextRequest();
        return request != null && send(request);
    }

    /**
     * Whether to ask {@code /status} again: after an outage (the server may be another one now), and now and
     * then while image registrations are held for a server without a storage root.
     */
    private boolean featuresDue() {
        return featuresStale
                || (!takesImages
                        && store.heldCount() > 0
                        && System.nanoTime() - featuresReadAt > FEATURE_RECHECK.toNanos());
    }

    /** What {@code /status} says the server takes (only {@code data-objects-v1} matters here). */
    private void readFeatures(BackendClient.Answer status) {
        boolean before = takesImages;
        takesImages = status.json()
                .path("features")
                .path(Feature.DATA_OBJECTS_V1.wireName())
                .asBoolean(false);
        featuresStale = false;
        featuresReadAt = System.nanoTime();
        if (before && !takesImages && ApiFlavour.fromStatus(status).orElse(null) == ApiFlavour.SIGHTLINE) {
            LOG.info(
                    "server {} has no storage root: image registrations are kept in the agent's store until it has one",
                    client.base());
        }
    }

    /**
     * One ingest request: a held-back suspect alone ({@code retry}), or the head of the outbox past the
     * entries held back.
     */
    private record Request(List<OutboxEntry> entries, boolean retry) {
        OutboxEntry only() {
            return entries.getFirst();
        }
    }

    /**
     * A suspect the server accepted others since it last failed, alone; else the head of the outbox past
     * the entries held back; else, when only held-back entries wait, the first suspect alone again (it
     * cannot strike without others in between, but a failure that has passed lets it through).
     */
    private Request nextRequest() {
        List<OutboxEntry> window = store.peek(batchSize + suspects.heldBackCount());
        Optional<Long> due = suspects.due();
        List<OutboxEntry> head = new ArrayList<>(Math.min(batchSize, window.size()));
        OutboxEntry firstSuspect = null;
        for (OutboxEntry entry : window) {
            if (due.isPresent() && entry.seq() == due.get()) {
                return new Request(List.of(entry), true);
            }
            if (!suspects.heldBack(entry.seq())) {
                if (head.size() < batchSize
                        && (head.isEmpty() || isDataObject(head.getFirst()) == isDataObject(entry))) {
                    head.add(entry);
                } else if (!head.isEmpty() && isDataObject(head.getFirst()) != isDataObject(entry)) {
                    break; // one request holds entities or image registrations, never both (two routes)
                }
            } else if (firstSuspect == null && suspects.strikes(entry.seq()) > 0) {
                firstSuspect = entry;
            }
        }
        if (!head.isEmpty()) {
            return new Request(head, false);
        }
        return firstSuspect == null ? null : new Request(List.of(firstSuspect), true);
    }

    private static boolean isDataObject(OutboxEntry entry) {
        return DataObjectRegistration.OUTBOX_TYPE.equals(entry.type());
    }

    /**
     * One request: entities to {@code POST /api/v1/ingest}, or image registrations to
     * {@code POST /api/v1/data-objects} as one array, which the server takes all or none (registering a uid
     * again for the same file answers the stored object, so a retried batch is harmless without an
     * idempotency key). Either is refused, failed or retried by the same rules.
     */
    private boolean send(Request request) throws InterruptedException {
        List<OutboxEntry> batch = request.entries();
        boolean images = isDataObject(batch.getFirst());
        if (images && !takesImages) {
            // a server without a storage root must refuse every one: kept until it has one (FEATURE_RECHECK)
            store.hold(batch.stream().map(OutboxEntry::seq).toList());
            return true;
        }
        String json = images ? joined(batch, "[", "]") : joined(batch, "{\"items\":[", "]}");
        String key =
                agentId + ":" + batch.getFirst().seq() + "-" + batch.getLast().seq() + ":" + shortHash(json);
        String what = images ? "registering " + batch.size() + " images" : "ingest of batch " + key;
        BackendClient.Answer answer;
        try {
            answer = images ? client.postJson(DATA_OBJECTS, json) : client.ingest(key, json);
        } catch (IOException e) {
            unreachable(e);
            return false;
        }
        int status = answer.status();
        return switch (IngestAnswer.of(status)) {
            case RESULTS -> images ? registered(request) : results(request, answer.json());
            case FAILED -> failed(request, what, answer);
            case AWAY -> serverAway(what, answer);
            case NOT_AUTHORIZED -> notAuthorized(what, status);
            case REFUSED -> refusedWhole(request, what, answer);
        };
    }

    /** The entries' items, comma-separated between {@code open} and {@code close}. */
    private static String joined(List<OutboxEntry> batch, String open, String close) {
        StringBuilder body = new StringBuilder(64 + batch.size() * 320).append(open);
        for (int i = 0; i < batch.size(); i++) {
            body.append(i == 0 ? "" : ",").append(batch.get(i).itemJson());
        }
        return body.append(close).toString();
    }

    /** The server (or a proxy before it) is away or busy: nothing sent is any item's fault. */
    private boolean serverAway(String what, BackendClient.Answer answer) throws InterruptedException {
        away("server answered " + answer.status());
        LOG.warn("{} answered {}; retrying", what, reason(answer));
        backOff();
        return false;
    }

    private boolean notAuthorized(String what, int status) throws InterruptedException {
        state = "not authorized (" + status + ")";
        LOG.error("{} answered {}: check --token; retrying", what, status);
        backOff();
        return false;
    }

    /** Refused as a whole: the culprit is found by halving, then parked. */
    private boolean refusedWhole(Request request, String what, BackendClient.Answer answer) {
        List<OutboxEntry> batch = request.entries();
        if (batch.size() > 1) {
            batchSize = Math.max(1, batch.size() / 2);
            LOG.warn("{} refused ({}); retrying in batches of {}", what, reason(answer), batchSize);
        } else {
            refused(request.only(), reason(answer));
        }
        return true;
    }

    /** The server took every registration of the batch. */
    private boolean registered(Request request) {
        List<OutboxEntry> batch = request.entries();
        List<Long> done = new ArrayList<>(batch.size());
        batch.forEach(entry -> done.add(entry.seq()));
        store.delivered(done);
        delivered.addAndGet(done.size());
        suspects.accepted();
        if (request.retry()) {
            suspects.settled(request.only().seq());
        }
        answered(request);
        return true;
    }

    /** The server answered the request: connected, backoff and batch size back up. */
    private void answered(Request request) {
        heldBack = suspects.heldBackCount();
        serverErrors = 0;
        state = "connected";
        backoff = backoffMin.toMillis();
        if (!request.retry()) {
            batchSize = Math.min(maxBatch, batchSize * 2);
        }
    }

    /**
     * A 500 for the whole request. Once is a hiccup (retried as it was); twice in a row, the batch is
     * halved at once (no growing backoff while narrowing down); an item failing alone is held back, and
     * parked when the rule says it is a poison item.
     */
    private boolean failed(Request request, String key, BackendClient.Answer answer) throws InterruptedException {
        serverErrors++;
        state = "server answered 500";
        String reason = reason(answer);
        List<OutboxEntry> batch = request.entries();
        if (!request.retry() && serverErrors < 2) {
            LOG.warn("ingest answered {}; retrying batch {}", reason, key);
            backOff();
            return false;
        }
        if (batch.size() > 1) {
            batchSize = Math.max(1, batch.size() / 2);
            LOG.warn(
                    "ingest answered {} again for a batch of {}; retrying in batches of {} to find the item at fault",
                    reason,
                    batch.size(),
                    batchSize);
            pause(backoffMin.toMillis());
            return true;
        }
        OutboxEntry only = request.only();
        failedAlone.incrementAndGet();
        switch (suspects.failedAlone(only.seq())) {
            case POISON -> {
                String why = reason + " (failed alone " + PoisonSuspects.STRIKES
                        + " times, each after the server had accepted other items)";
                LOG.error("parked {} {} as a poison item: {}", only.type(), only.uuid(), why);
                store.park(only.seq(), why);
                suspects.settled(only.seq());
                heldBack = suspects.heldBackCount();
                return true;
            }
            case HELD_BACK -> {
                if (!request.retry()) {
                    LOG.warn(
                            "ingest answered {} for {} {} alone; holding it back while the rest goes on",
                            reason,
                            only.type(),
                            only.uuid());
                } else {
                    LOG.debug(
                            "{} {} failed alone again ({} of {})",
                            only.type(),
                            only.uuid(),
                            suspects.strikes(only.seq()),
                            PoisonSuspects.STRIKES);
                }
            }
            case RETRY -> LOG.debug("{} {} failed alone; retrying it in order", only.type(), only.uuid());
        }
        heldBack = suspects.heldBackCount();
        backOff();
        return false;
    }

    private void refused(OutboxEntry entry, String reason) {
        LOG.error("server refused {} {}: {}; parked", entry.type(), entry.uuid(), reason);
        store.park(entry.seq(), reason);
        suspects.settled(entry.seq());
        heldBack = suspects.heldBackCount();
    }

    /** The server is away or busy: suspicion is forgotten (see {@link PoisonSuspects#outage()}). */
    private void away(String why) {
        state = why;
        featuresStale = chosen == ApiFlavour.SIGHTLINE;
        serverErrors = 0;
        suspects.outage();
        heldBack = 0;
    }

    /** SmartEM: one request per entry, in order; stops at the first the server could not take now. */
    private boolean sendEach(List<OutboxEntry> batch) throws InterruptedException {
        List<Long> done = new ArrayList<>();
        try {
            for (OutboxEntry entry : batch) {
                if (isDataObject(entry)) {
                    // a SmartEM backend has no data objects: the image stays on disk, unregistered
                    LOG.debug("not registering image {} with a SmartEM backend", entry.uuid());
                    done.add(entry.seq());
                    continue;
                }
                BackendClient.Answer answer;
                try {
                    answer = deliverOne(entry);
                } catch (IllegalArgumentException e) {
                    LOG.error("cannot send {} {}: {}; parked", entry.type(), entry.uuid(), e.getMessage());
                    store.park(entry.seq(), e.getMessage());
                    continue;
                }
                int status = answer.status();
                IngestAnswer meaning = IngestAnswer.of(status);
                if (meaning == IngestAnswer.RESULTS) {
                    done.add(entry.seq());
                    continue;
                }
                if (meaning != IngestAnswer.REFUSED) {
                    // the rest waits: sending children past a parent the server has not taken would fail them
                    acknowledge(done);
                    state = meaning == IngestAnswer.NOT_AUTHORIZED
                            ? "not authorized (" + status + ")"
                            : "server answered " + status;
                    LOG.warn("{} {} answered {}; retrying from there", entry.type(), entry.uuid(), status);
                    backOff();
                    return !done.isEmpty();
                }
                refused(entry, reason(answer));
            }
        } catch (IOException e) {
            acknowledge(done);
            unreachable(e);
            return !done.isEmpty();
        }
        acknowledge(done);
        state = "connected";
        backoff = backoffMin.toMillis();
        return true;
    }

    /**
     * Creates the entity; when the backend already has it (409, or the 5xx SmartEM answers for a
     * duplicate key), updates it instead. A 5xx that the update does not resolve is returned as it was.
     */
    private BackendClient.Answer deliverOne(OutboxEntry entry) throws IOException, InterruptedException {
        SmartEmRoutes routes = SmartEmRoutes.of(entry.type(), entry.uuid(), entry.itemJson());
        BackendClient.Answer created = client.postJson(routes.create(), routes.createBody());
        if (created.ok() || !(created.status() == 409 || created.status() >= 500)) {
            return created;
        }
        if (routes.update() == null) {
            // a link has nothing to update: if it exists (409), that is what was asked
            return created.status() == 409 ? new BackendClient.Answer(200, created.body(), created.json()) : created;
        }
        BackendClient.Answer updated = client.putJson(routes.update(), routes.updateBody());
        return updated.ok() ? updated : created;
    }

    private void acknowledge(List<Long> done) {
        store.delivered(done);
        delivered.addAndGet(done.size());
    }

    private boolean results(Request request, JsonNode answer) throws InterruptedException {
        List<OutboxEntry> batch = request.entries();
        JsonNode results = answer.path("results");
        List<Long> done = new ArrayList<>();
        boolean retryLater = false;
        for (JsonNode r : results) {
            int index = r.path("index").asInt(-1);
            if (index < 0 || index >= batch.size()) {
                continue;
            }
            OutboxEntry entry = batch.get(index);
            if (!"error".equals(r.path("result").asText())) {
                done.add(entry.seq());
                continue;
            }
            int status = r.path("status").asInt(0);
            String reason = status + " " + r.path("reason").asText();
            if (status == 404 && suspects.defers(entry.seq())) {
                // its parent may be the suspect held back before it: sent again once that is settled
                LOG.debug("{} {} deferred behind a held-back item: {}", entry.type(), entry.uuid(), reason);
            } else if (status >= 400 && status < 500) {
                refused(entry, reason);
            } else {
                retryLater = true;
            }
        }
        if (results.size() != batch.size()) {
            LOG.warn(
                    "ingest answered {} results for {} items; the rest will be sent again",
                    results.size(),
                    batch.size());
            retryLater = true;
        }
        store.delivered(done);
        delivered.addAndGet(done.size());
        if (!done.isEmpty()) {
            suspects.accepted();
        }
        if (request.retry() && !done.isEmpty()) {
            LOG.info(
                    "{} {} went through alone after all",
                    request.only().type(),
                    request.only().uuid());
            suspects.settled(request.only().seq());
        }
        answered(request);
        if (retryLater) {
            backOff();
        }
        return true;
    }

    /** The server's answer in one line: status and the problem's detail (or the start of the body). */
    private static String reason(BackendClient.Answer answer) {
        String detail = answer.json().path("detail").asText("");
        String text =
                detail.isBlank() ? answer.body() == null ? "" : answer.body().strip() : detail;
        return answer.status() + " \"" + (text.length() > 300 ? text.substring(0, 300) + "..." : text) + "\"";
    }

    private void unreachable(IOException e) throws InterruptedException {
        if (!state.startsWith("unreachable")) {
            LOG.warn(
                    "server {} unreachable ({}); the outbox keeps everything, retrying",
                    client.base(),
                    Failures.describe(e));
        }
        away("unreachable");
        backOff();
    }

    /** Sleeps a random time up to the current backoff (at least half of it), then doubles it. */
    private void backOff() throws InterruptedException {
        long wait = backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1);
        long left = drainDeadline == Long.MAX_VALUE ? Long.MAX_VALUE : (drainDeadline - System.nanoTime()) / 1_000_000;
        Thread.sleep(Math.max(0, Math.min(wait, left)));
        backoff = Math.min(backoffMax.toMillis(), backoff * 2);
    }

    private void pause() throws InterruptedException {
        pause(200);
    }

    /** Waits {@code millis}, or less when woken (new entries, a drain). */
    private void pause(long millis) throws InterruptedException {
        synchronized (signal) {
            signal.wait(Math.max(1, millis));
        }
    }

    /**
     * Tells one batch body from another for its idempotency key: a CRC-32C and a CRC-32 of its bytes. The
     * agent runs C1 only, where both are intrinsics and SHA-256 is not (~10 ms for a 1 MB batch); the key
     * also names the agent and the sequence range, so these 64 bits only have to tell a batch whose
     * content changed from its earlier send.
     */
    private static String shortHash(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        CRC32C crc32c = new CRC32C();
        crc32c.update(bytes);
        CRC32 crc32 = new CRC32();
        crc32.update(bytes);
        return String.format("%08x%08x", crc32c.getValue(), crc32.getValue());
    }

    @Override
    public boolean drain(Duration timeout) {
        drainDeadline = System.nanoTime() + timeout.toNanos();
        wake();
        if (thread != null) {
            try {
                thread.join(timeout.toMillis() + 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return store.depth() == 0;
    }

    @Override
    public void close() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
