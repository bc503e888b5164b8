package io.sightline.fastmon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sightline.core.wire.SwfField;
import io.sightline.core.wire.SwfIds;
import io.sightline.core.wire.SwfMessageType;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the queued registrations, oldest first, on its own thread (never the thread that consumes the
 * bus): one bulk call per STF, then, when a bus is given, one {@code tf_file_registered} per sample on
 * it. A failure that may pass (server or broker away, 5xx, timeouts) is retried with doubling delays; a
 * refusal for good (4xx) parks the job with the server's answer and goes on with the next.
 */
final class Registrar implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Registrar.class);

    /** Publishes messages on the swf bus. */
    interface Bus {
        void publish(List<ObjectNode> messages) throws IOException;
    }

    private final JobQueue queue;
    private final SwfClient client;
    private final Bus bus;
    private final ObjectMapper mapper;
    private final Backoff backoff;
    private final Thread thread;
    private final AtomicLong stfsRegistered = new AtomicLong();
    private final AtomicLong samplesRegistered = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private volatile boolean running = true;
    private volatile String lastFailure;

    Registrar(JobQueue queue, SwfClient client, Bus bus, ObjectMapper mapper, Duration firstRetry, Duration maxRetry) {
        this.queue = queue;
        this.client = client;
        this.bus = bus;
        this.mapper = mapper;
        this.backoff = new Backoff(firstRetry, maxRetry);
        this.thread = Thread.ofPlatform().name("fastmon-registrar").daemon().unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    long stfsRegistered() {
        return stfsRegistered.get();
    }

    long samplesRegistered() {
        return samplesRegistered.get();
    }

    long retries() {
        return retries.get();
    }

    /** Why the last attempt failed, or null when the last one succeeded. */
    String lastFailure() {
        return lastFailure;
    }

    private void run() {
        while (running) {
            try {
                var job = queue.oldest(500);
                if (job.isEmpty()) {
                    continue;
                }
                if (deliver(job.get())) {
                    backoff.reset();
                    lastFailure = null;
                } else {
                    retries.incrementAndGet();
                    Thread.sleep(backoff.nextMillis());
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.error("the registrar failed; it goes on", e);
                try {
                    Thread.sleep(backoff.nextMillis());
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    /** True when the job is done with (delivered or parked); false to retry it later. */
    private boolean deliver(JobQueue.Job job) throws InterruptedException {
        SwfClient.Answer answer;
        try {
            answer = client.registerBulk(job.json());
        } catch (IOException e) {
            failed(job, "server unreachable: " + e);
            return false;
        }
        try {
            if (answer.permanentFailure()) {
                log.warn("the server refused {} ({}): parked: {}", job.name(), answer.status(), answer.body());
                queue.park(job, answer.status() + " " + answer.body());
                return true;
            }
            if (!answer.ok()) {
                failed(job, "server answered " + answer.status());
                return false;
            }
            JsonNode request = mapper.readTree(job.json());
            if (bus != null) {
                bus.publish(messages(request));
            }
            queue.done(job);
            stfsRegistered.incrementAndGet();
            samplesRegistered.addAndGet(request.path("samples").size());
            return true;
        } catch (IOException e) {
            failed(job, e.toString());
            return false;
        }
    }

    private void failed(JobQueue.Job job, String why) {
        if (!why.equals(lastFailure)) {
            log.warn("cannot deliver {} yet ({}); it stays queued and is retried", job.name(), why);
        }
        lastFailure = why;
    }

    /** One {@code tf_file_registered} per sample, with the message id the server uses for the same sample. */
    List<ObjectNode> messages(JsonNode request) {
        List<ObjectNode> out = new ArrayList<>();
        JsonNode stf = request.path("stf");
        long run = request.path(SwfField.RUN_NUMBER).asLong();
        for (JsonNode s : request.path("samples")) {
            String tf = s.path(SwfField.TF_FILENAME).asText();
            ObjectNode m = mapper.createObjectNode();
            m.put(SwfField.MSG_TYPE, SwfMessageType.TF_FILE_REGISTERED.wireName());
            m.put(SwfField.MESSAGE_ID, SwfIds.tfRegisteredMessageId(tf).toString());
            m.set(SwfField.SENDER, request.path(SwfField.SENDER));
            m.set(SwfField.NAMESPACE, request.path(SwfField.NAMESPACE));
            m.put(SwfField.TF_FILE_ID, SwfIds.tfFileId(tf).toString());
            m.put(SwfField.TF_FILENAME, tf);
            m.put(SwfField.STF_FILENAME, stf.path(SwfField.STF_FILENAME).asText());
            m.set(SwfField.FILE_SIZE_BYTES, s.path(SwfField.FILE_SIZE_BYTES));
            m.put(SwfField.STATUS, "registered");
            m.put(SwfField.RUN_ID, run);
            m.put(SwfField.RUN_NUMBER, run);
            m.set(SwfField.TF_FIRST, s.path(SwfField.TF_FIRST));
            m.set(SwfField.TF_LAST, s.path(SwfField.TF_LAST));
            m.set(SwfField.TF_COUNT, s.path(SwfField.TF_COUNT));
            m.put(SwfField.TIMESTAMP, Instant.now().toString());
            out.add(m);
        }
        return out;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
