package io.sightline.agent.steer;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;

/**
 * A reconnecting Server-Sent Events client. It keeps one stream open, passes each event to its listener,
 * and when the stream ends, fails or stays silent longer than {@code silenceTimeout} (the server's
 * heartbeats should arrive well within it) it reconnects after a {@link Backoff} delay, sending
 * {@code Last-Event-ID}. The attempt counter starts again after a connection that stayed open for
 * {@code healthyAfter}. The body is read push-style (a {@link Flow.Subscriber}), so a dead connection is
 * ended by cancelling its subscription rather than by interrupting a blocked read.
 */
public final class SseClient implements AutoCloseable {
    private final StreamOpener opener;
    private final SseListener listener;
    private final Backoff backoff;
    private final Duration silenceTimeout;
    private final Duration healthyAfter;
    private final DoubleSupplier random;
    private final String threadName;
    private final Object wake = new Object();
    private final AtomicInteger connections = new AtomicInteger();
    private volatile boolean running;
    private volatile String lastEventId = "";
    private volatile Long serverRetry;
    private volatile Connection current;
    private Thread thread;

    public SseClient(
            StreamOpener opener,
            SseListener listener,
            Backoff backoff,
            Duration silenceTimeout,
            Duration healthyAfter,
            DoubleSupplier random,
            String threadName) {
        this.opener = Objects.requireNonNull(opener);
        this.listener = Objects.requireNonNull(listener);
        this.backoff = Objects.requireNonNull(backoff);
        if (silenceTimeout.isNegative() || silenceTimeout.isZero()) {
            throw new IllegalArgumentException("the silence timeout must be positive, got " + silenceTimeout);
        }
        this.silenceTimeout = silenceTimeout;
        this.healthyAfter = Objects.requireNonNull(healthyAfter);
        this.random = random;
        this.threadName = threadName;
    }

    public SseClient(StreamOpener opener, SseListener listener, Duration silenceTimeout) {
        this(
                opener,
                listener,
                Backoff.DEFAULT,
                silenceTimeout,
                Duration.ofSeconds(10),
                () -> ThreadLocalRandom.current().nextDouble(),
                "sightline-sse");
    }

    public synchronized SseClient start() {
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        running = true;
        thread = Thread.ofPlatform().daemon().name(threadName).start(this::run);
        return this;
    }

    /** The id a reconnection sends ("" before the first event with an id). */
    public String lastEventId() {
        return lastEventId;
    }

    /** Streams accepted so far. */
    public int connections() {
        return connections.get();
    }

    private void run() {
        int attempt = 0;
        while (running) {
            long started = System.nanoTime();
            Connection c = new Connection(new SseParser(lastEventId));
            current = c;
            String reason = c.run();
            current = null;
            lastEventId = c.parser.lastEventId();
            if (c.parser.retry() != null) {
                serverRetry = c.parser.retry();
            }
            if (!running) {
                break;
            }
            if (c.opened && Duration.ofNanos(System.nanoTime() - started).compareTo(healthyAfter) >= 0) {
                attempt = 0;
            }
            Duration wait = backoff.delay(attempt++, random);
            Long retry = serverRetry;
            if (retry != null && retry > wait.toMillis()) {
                wait = Duration.ofMillis(Math.min(retry, backoff.cap().toMillis()));
            }
            listener.onClosed(reason, wait);
            synchronized (wake) {
                long until = System.nanoTime() + wait.toNanos();
                long left;
                while (running && (left = until - System.nanoTime()) > 0) {
                    try {
                        TimeUnit.NANOSECONDS.timedWait(wake, left);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        Connection c = current;
        if (c != null) {
            c.end("closed");
        }
        synchronized (wake) {
            wake.notifyAll();
        }
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** One attempt: connect, read until the stream ends, fails, goes silent or the client closes. */
    private final class Connection implements Flow.Subscriber<List<ByteBuffer>> {
        final SseParser parser;
        final CompletableFuture<String> ended = new CompletableFuture<>();
        volatile long lastActivity = System.nanoTime();
        volatile boolean opened;
        volatile Flow.Subscription subscription;

        Connection(SseParser parser) {
            this.parser = parser;
        }

        String run() {
            String last = parser.lastEventId();
            CompletableFuture<HttpResponse<Void>> response;
            try {
                response = opener.open(last.isEmpty() ? null : last, this::handle);
            } catch (RuntimeException e) {
                return "cannot connect: " + e;
            }
            response.whenComplete((r, e) -> {
                if (e != null) {
                    Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                            ? e.getCause()
                            : e;
                    end("unreachable: " + describe(cause));
                } else {
                    end(opened ? "ended by the server" : ended.getNow("refused"));
                }
            });
            long checkNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(10), silenceTimeout.toNanos() / 4);
            while (true) {
                try {
                    return ended.get(checkNanos, TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    if (System.nanoTime() - lastActivity > silenceTimeout.toNanos()) {
                        end("silent for over " + silenceTimeout.toMillis() + " ms (dead connection)");
                        response.cancel(true);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    end("interrupted");
                } catch (ExecutionException e) {
                    return "failed: " + describe(e.getCause());
                }
            }
        }

        private HttpResponse.BodySubscriber<Void> handle(HttpResponse.ResponseInfo info) {
            lastActivity = System.nanoTime();
            String type = info.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
            if (info.statusCode() == 200 && type.startsWith("text/event-stream")) {
                opened = true;
                listener.onOpen(connections.incrementAndGet());
                return HttpResponse.BodySubscribers.fromSubscriber(this, s -> null);
            }
            return HttpResponse.BodySubscribers.mapping(
                    HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8), body -> {
                        ended.complete("refused: " + info.statusCode() + " " + abbreviate(body)
                                + (info.statusCode() == 200 ? " (not text/event-stream: " + type + ")" : ""));
                        return null;
                    });
        }

        void end(String reason) {
            if (ended.complete(reason)) {
                Flow.Subscription s = subscription;
                if (s != null) {
                    s.cancel();
                }
            }
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (ended.isDone()) {
                s.cancel();
            } else {
                s.request(1);
            }
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            lastActivity = System.nanoTime();
            for (ByteBuffer buffer : buffers) {
                byte[] bytes = new byte[buffer.remaining()];
                buffer.get(bytes);
                for (SseEvent event : parser.feed(bytes)) {
                    if (ended.isDone()) {
                        return;
                    }
                    listener.onEvent(event);
                }
            }
            if (!ended.isDone()) {
                subscription.request(1);
            }
        }

        @Override
        public void onError(Throwable t) {
            end("stream failed: " + describe(t));
        }

        @Override
        public void onComplete() {
            end("ended by the server");
        }
    }

    private static String describe(Throwable t) {
        return t.getMessage() == null
                ? t.getClass().getSimpleName()
                : t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    private static String abbreviate(String s) {
        String oneLine = s == null ? "" : s.replaceAll("\\s+", " ").trim();
        return oneLine.length() > 300 ? oneLine.substring(0, 300) + "..." : oneLine;
    }
}
