package io.sightline.server.events;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default bus: subscribers in this JVM, each with a bounded queue drained by its own
 * virtual thread, so a slow subscriber never blocks another one.
 *
 * <p>Confirmation: {@link #publish} returns once every event is in every subscriber's queue. When a
 * queue stays full longer than the offer timeout, publish throws and the outbox retries later; a
 * subscriber never sees an event twice (it remembers the last id it accepted) and never loses one.
 */
public final class InProcessEventBus implements EventBus {

    private static final Logger log = LoggerFactory.getLogger(InProcessEventBus.class);

    private final int queueCapacity;
    private final Duration offerTimeout;
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    public InProcessEventBus(int queueCapacity, Duration offerTimeout) {
        if (queueCapacity <= 0) {
            throw new IllegalArgumentException("queueCapacity must be > 0, got " + queueCapacity);
        }
        this.queueCapacity = queueCapacity;
        this.offerTimeout = Objects.requireNonNull(offerTimeout, "offerTimeout");
    }

    public InProcessEventBus() {
        this(10_000, Duration.ofSeconds(1));
    }

    /** A subscription; closing it stops delivery to its subscriber. */
    public interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    /** Adds a subscriber; it receives events published from now on, in id order. Close the handle to leave. */
    public Subscription subscribe(String name, Consumer<Event> consumer) {
        Subscriber s = new Subscriber(name, consumer, new ArrayBlockingQueue<>(queueCapacity));
        subscribers.add(s);
        s.thread = Thread.ofVirtual().name("bus-subscriber-" + name).start(s::drain);
        return () -> {
            subscribers.remove(s);
            s.thread.interrupt();
        };
    }

    @Override
    public void publish(List<Event> events) throws EventBusException {
        if (closed) {
            throw new EventBusException("the in-process bus is closed");
        }
        for (Subscriber s : subscribers) {
            for (Event e : events) {
                if (e.id() <= s.lastAccepted) {
                    continue; // accepted by an earlier attempt of the same batch
                }
                try {
                    if (!s.queue.offer(e, offerTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                        throw new EventBusException(
                                "subscriber " + s.name + " did not take event " + e.id() + " within " + offerTimeout);
                    }
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new EventBusException("interrupted while publishing event " + e.id(), ie);
                }
                s.lastAccepted = e.id();
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Subscriber s : subscribers) {
            s.thread.interrupt();
        }
        subscribers.clear();
    }

    private static final class Subscriber {
        final String name;
        final Consumer<Event> consumer;
        final BlockingQueue<Event> queue;
        volatile long lastAccepted = Long.MIN_VALUE;
        Thread thread;

        Subscriber(String name, Consumer<Event> consumer, BlockingQueue<Event> queue) {
            this.name = name;
            this.consumer = consumer;
            this.queue = queue;
        }

        void drain() {
            while (!Thread.currentThread().isInterrupted()) {
                Event e;
                try {
                    e = queue.take();
                } catch (InterruptedException ie) {
                    return;
                }
                try {
                    consumer.accept(e);
                } catch (RuntimeException ex) {
                    log.error("bus subscriber {} failed on event {} ({}); continuing", name, e.id(), e.type(), ex);
                }
            }
        }
    }
}
