package io.sightline.agent.outbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.agent.client.BackendClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the outbox to {@code POST /api/v1/ingest} in order, in batches, each with an idempotency key
 * made of the agent id, the batch's first and last sequence numbers and a hash of its body (so a
 * retried batch replays, and a batch that changed gets a new key). 2xx items are removed; items the
 * server refuses with a 4xx are parked with the reason (logged), never retried forever; while the
 * server is unreachable or answers 5xx it retries with exponential backoff and full jitter, dropping
 * nothing. It checks once that {@code /status} advertises {@code ingest-v1}.
 */
public final class OutboxSender implements Delivery {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxSender.class);
    public static final String FEATURE = "ingest-v1";

    private final AgentStore store;
    private final BackendClient client;
    private final String agentId;
    private final int maxBatch;
    private final Duration backoffMin;
    private final Duration backoffMax;
    private final Object signal = new Object();
    private final AtomicLong delivered = new AtomicLong();
    private volatile String state = "starting";
    private volatile boolean running;
    private volatile long drainDeadline = Long.MAX_VALUE;
    private boolean featureChecked;
    private int batchSize;
    private long backoff;
    private Thread thread;

    public OutboxSender(AgentStore store, BackendClient client, String agentId, int maxBatch, Duration backoffMin,
            Duration backoffMax) {
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
        return state;
    }

    @Override
    public long delivered() {
        return delivered.get();
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
        if (!featureChecked) {
            try {
                BackendClient.Answer status = client.status();
                if (status.ok() && status.json().path("features").toString().contains(FEATURE)) {
                    featureChecked = true;
                    state = "connected";
                    LOG.info("server {} accepts batched ingest", client.base());
                } else {
                    state = status.ok() ? "server lacks " + FEATURE : "status answered " + status.status();
                    LOG.warn("{}: {} (the SmartEM per-entity fallback is not implemented yet)", client.base(), state);
                    backOff();
                    return false;
                }
            } catch (IOException e) {
                unreachable(e);
                return false;
            }
        }
        List<OutboxEntry> batch = store.peek(batchSize);
        if (batch.isEmpty()) {
            return false;
        }
        StringBuilder body = new StringBuilder(64 + batch.size() * 256).append("{\"items\":[");
        for (int i = 0; i < batch.size(); i++) {
            body.append(i == 0 ? "" : ",").append(batch.get(i).itemJson());
        }
        String json = body.append("]}").toString();
        String key = agentId + ":" + batch.getFirst().seq() + "-" + batch.getLast().seq() + ":" + shortHash(json);
        BackendClient.Answer answer;
        try {
            answer = client.ingest(key, json);
        } catch (IOException e) {
            unreachable(e);
            return false;
        }
        int status = answer.status();
        if (status == 200) {
            return results(batch, answer.json());
        }
        if (status >= 500 || status == 408 || status == 429) {
            state = "server answered " + status;
            LOG.warn("ingest answered {}; retrying batch {}", status, key);
            backOff();
            return false;
        }
        if (status == 401 || status == 403) {
            state = "not authorized (" + status + ")";
            LOG.error("ingest answered {}: check --token; retrying", status);
            backOff();
            return false;
        }
        // another 4xx for the whole batch: find the culprit by halving, then park it
        if (batch.size() > 1) {
            batchSize = Math.max(1, batch.size() / 2);
            LOG.warn("ingest refused a batch of {} ({}: {}); retrying in batches of {}", batch.size(), status,
                    answer.body(), batchSize);
            return true;
        }
        OutboxEntry only = batch.getFirst();
        String reason = status + " " + answer.body();
        LOG.error("server refused {} {}: {}; parked", only.type(), only.uuid(), reason);
        store.park(only.seq(), reason);
        return true;
    }

    private boolean results(List<OutboxEntry> batch, JsonNode answer) throws InterruptedException {
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
            if (status >= 400 && status < 500) {
                LOG.error("server refused {} {}: {}; parked", entry.type(), entry.uuid(), reason);
                store.park(entry.seq(), reason);
            } else {
                retryLater = true;
            }
        }
        if (results.size() != batch.size()) {
            LOG.warn("ingest answered {} results for {} items; the rest will be sent again", results.size(),
                    batch.size());
            retryLater = true;
        }
        store.delivered(done);
        delivered.addAndGet(done.size());
        state = "connected";
        backoff = backoffMin.toMillis();
        batchSize = Math.min(maxBatch, batchSize * 2);
        if (retryLater) {
            backOff();
        }
        return true;
    }

    private void unreachable(IOException e) throws InterruptedException {
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (!state.startsWith("unreachable")) {
            LOG.warn("server {} unreachable ({}); the outbox keeps everything, retrying", client.base(), why);
        }
        state = "unreachable";
        backOff();
    }

    /** Sleeps a random time up to the current backoff (at least half of it), then doubles it. */
    private void backOff() throws InterruptedException {
        long wait = backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1);
        long left = drainDeadline == Long.MAX_VALUE ? Long.MAX_VALUE
                : (drainDeadline - System.nanoTime()) / 1_000_000;
        Thread.sleep(Math.max(0, Math.min(wait, left)));
        backoff = Math.min(backoffMax.toMillis(), backoff * 2);
    }

    private void pause() throws InterruptedException {
        synchronized (signal) {
            signal.wait(200);
        }
    }

    private static String shortHash(String body) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
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
