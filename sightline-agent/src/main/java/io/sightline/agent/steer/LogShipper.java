package io.sightline.agent.steer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sightline.core.wire.LogField;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ships the agent's log records to {@code POST .../logs} in batches ({@code AgentLogBatchRequest}, at most
 * 1000 a batch). {@link #accept} never blocks on I/O: records wait in a bounded queue, and when it is full
 * (the server away for long) the oldest are dropped and counted; the next batch that gets through starts
 * with one record saying how many were lost. Records can be accepted before shipping starts (before the
 * session is known): they wait in the same queue.
 */
public final class LogShipper implements LogSink, AutoCloseable {
    public static final int MAX_BATCH = 1000;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Posts one batch body; answers the HTTP status. */
    @FunctionalInterface
    public interface BatchSender {
        int send(String body) throws Exception;
    }

    private final int capacity;
    private final int maxBatch;
    private final Duration flushEvery;
    private final Clock clock;
    private final ArrayDeque<LogEntry> queue = new ArrayDeque<>();
    private final AtomicLong shipped = new AtomicLong();
    private long dropped;
    private long droppedTotal;
    private volatile boolean running;
    private Thread thread;

    public LogShipper(int capacity, int maxBatch, Duration flushEvery, Clock clock) {
        if (capacity < 1 || maxBatch < 1 || maxBatch > MAX_BATCH) {
            throw new IllegalArgumentException("need capacity >= 1 and 1 <= batch <= " + MAX_BATCH);
        }
        this.capacity = capacity;
        this.maxBatch = maxBatch;
        this.flushEvery = flushEvery;
        this.clock = clock;
    }

    @Override
    public void accept(LogEntry entry) {
        synchronized (queue) {
            if (queue.size() >= capacity) {
                queue.pollFirst();
                dropped++;
                droppedTotal++;
            }
            queue.addLast(entry);
            if (queue.size() >= maxBatch) {
                queue.notifyAll();
            }
        }
    }

    /** Starts shipping with {@code sender} on its own thread. */
    public synchronized LogShipper start(BatchSender sender) {
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        running = true;
        thread = Thread.ofPlatform().daemon().name("sightline-log-shipper").start(() -> loop(sender));
        return this;
    }

    /** Records waiting to be shipped. */
    public int queued() {
        synchronized (queue) {
            return queue.size();
        }
    }

    /** Records dropped because the queue was full (since the start). */
    public long dropped() {
        synchronized (queue) {
            return droppedTotal;
        }
    }

    public long shipped() {
        return shipped.get();
    }

    private void loop(BatchSender sender) {
        while (running) {
            synchronized (queue) {
                if (queue.size() < maxBatch) {
                    try {
                        queue.wait(flushEvery.toMillis());
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
            if (!shipOnce(sender)) {
                try {
                    // the server is away: wait a whole period before trying again (records keep queuing)
                    Thread.sleep(flushEvery.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** Ships what is queued, batch by batch; false when a batch could not be delivered (kept for later). */
    boolean shipOnce(BatchSender sender) {
        while (true) {
            List<LogEntry> batch = new ArrayList<>();
            long lost;
            synchronized (queue) {
                lost = dropped;
                if (lost > 0) {
                    batch.add(new LogEntry(
                            clock.instant(),
                            "WARN",
                            LogShipper.class.getName(),
                            lost + " log records were dropped while the server could not take them"));
                }
                while (batch.size() < maxBatch && !queue.isEmpty()) {
                    batch.add(queue.pollFirst());
                }
                dropped = 0;
            }
            if (batch.isEmpty()) {
                return true;
            }
            boolean ok;
            try {
                int status = sender.send(body(batch));
                // a 4xx will not get better by retrying: drop that batch rather than block all later ones
                ok = status / 100 == 2 || (status / 100 == 4 && status != 408 && status != 429);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                ok = false;
            } catch (Exception e) {
                ok = false;
            }
            if (ok) {
                shipped.addAndGet(batch.size() - (lost > 0 ? 1 : 0));
            } else {
                requeue(batch, lost);
                return false;
            }
        }
    }

    /** Puts a failed batch back in front, oldest dropped if the queue filled meanwhile. */
    private void requeue(List<LogEntry> batch, long lost) {
        synchronized (queue) {
            dropped += lost;
            for (int i = batch.size() - 1; i >= (lost > 0 ? 1 : 0); i--) {
                if (queue.size() >= capacity) {
                    dropped++;
                    droppedTotal++;
                    continue;
                }
                queue.addFirst(batch.get(i));
            }
        }
    }

    private static String body(List<LogEntry> batch) {
        ObjectNode root = MAPPER.createObjectNode();
        ArrayNode logs = root.putArray("logs");
        for (LogEntry e : batch) {
            // fitted to the declared limits: a log line is better shortened than refused with its batch
            logs.addObject()
                    .put(LogField.TIMESTAMP.wireName(), e.timestamp().toString())
                    .put(LogField.LEVEL.wireName(), LogField.LEVEL.spec().fit(e.level()))
                    .put(
                            LogField.LOGGER_NAME.wireName(),
                            LogField.LOGGER_NAME.spec().fit(e.loggerName()))
                    .put(LogField.MESSAGE.wireName(), LogField.MESSAGE.spec().fit(e.message()));
        }
        return root.toString();
    }

    @Override
    public void close() {
        running = false;
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            t.interrupt();
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
