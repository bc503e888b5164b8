package io.sightline.agent.steer;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends {@code POST .../heartbeat} every interval (zero: none) so the server's connection manager knows
 * the agent is alive. The interval can change while running ({@code agent.config.update}). A failure is
 * logged when the state changes, not at every beat.
 */
public final class Heartbeats implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Heartbeats.class);

    /** One heartbeat; answers the HTTP status. */
    @FunctionalInterface
    public interface Beat {
        int send() throws Exception;
    }

    private final Beat beat;
    private final ScheduledExecutorService timer;
    private final AtomicLong sent = new AtomicLong();
    private ScheduledFuture<?> task;
    private Duration interval;
    private boolean failing;

    public Heartbeats(Beat beat, Duration interval) {
        this.beat = beat;
        this.interval = interval;
        this.timer = Executors.newSingleThreadScheduledExecutor(
                r -> Thread.ofPlatform().daemon().name("sightline-heartbeat").unstarted(r));
    }

    public synchronized Heartbeats start() {
        schedule();
        return this;
    }

    /** A new interval, from the next beat on; zero stops heartbeats. */
    public synchronized void interval(Duration value) {
        if (value.isNegative()) {
            throw new IllegalArgumentException("a heartbeat interval cannot be negative: " + value);
        }
        interval = value;
        if (task != null) {
            task.cancel(false);
        }
        schedule();
    }

    public synchronized Duration interval() {
        return interval;
    }

    /** Heartbeats the server accepted. */
    public long sent() {
        return sent.get();
    }

    private void schedule() {
        task = null;
        if (!interval.isZero() && !timer.isShutdown()) {
            long ms = Math.max(1, interval.toMillis());
            task = timer.scheduleAtFixedRate(this::beat, ms, ms, TimeUnit.MILLISECONDS);
        }
    }

    private void beat() {
        String problem;
        try {
            int status = beat.send();
            if (status / 100 == 2) {
                sent.incrementAndGet();
                if (failing) {
                    failing = false;
                    LOG.info("heartbeats accepted again");
                }
                return;
            }
            problem = "answered " + status;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            problem = e.toString();
        }
        if (!failing) {
            failing = true;
            LOG.warn("heartbeat not accepted ({}); still trying every {} s", problem, interval.toMillis() / 1000.0);
        }
    }

    @Override
    public synchronized void close() {
        timer.shutdownNow();
    }
}
