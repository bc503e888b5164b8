package io.sightline.server.web;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A page's live render, shared by everyone watching that page (docs/dashboard.md, "Live updates").
 *
 * <p>A page's live refresh says which event it has seen; it may be served any render that started after
 * that event was committed (so the render reflects it), and not older than {@code maxAge} (agent states
 * change with time, not only with events). At most one render of a page runs at a time: a viewer that
 * needs a newer one than the running render waits for it to end and then shares the next. So 50 open
 * pages cost about one render per change, or one per render time under a burst, instead of 50.
 *
 * <p>Keys name everything a render depends on (path, query, the role class that decides what is drawn);
 * a render of one key is the same for every viewer of it, so one viewer's thread renders for all.
 */
final class SharedRenders {

    /**
     * A finished render.
     *
     * @param reflects the newest event id committed before the render started: it shows every event up to it
     * @param newestAtEnd the newest event id committed when it ended: it shows no event after it
     */
    record Render(long reflects, long newestAtEnd, Instant startedAt, String html) {}

    private final LongSupplier newestEventId;
    private final InstantSource clock;
    private final Duration maxAge;
    private final int maxPages;
    private final ConcurrentHashMap<String, Slot> slots = new ConcurrentHashMap<>();
    private final AtomicLong renders = new AtomicLong();

    /** One page's newest render and the one running, guarded by the slot's monitor. */
    private static final class Slot {
        Render latest;
        CompletableFuture<Render> running;
    }

    /**
     * @param newestEventId the newest committed event id (the SSE hub's), read just before each render
     * @param maxAge how long a render may be served when no event made it stale
     * @param maxPages how many pages' renders are kept; idle ones beyond it are dropped
     */
    SharedRenders(LongSupplier newestEventId, InstantSource clock, Duration maxAge, int maxPages) {
        this.newestEventId = Objects.requireNonNull(newestEventId, "newestEventId");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
        if (maxPages < 1) {
            throw new IllegalArgumentException("maxPages must be >= 1, not " + maxPages);
        }
        this.maxPages = maxPages;
    }

    /** The newest committed event id: what a viewer that names none is taken to have seen. */
    long newestEventId() {
        return newestEventId.getAsLong();
    }

    /** Renders done since start (for tests and the benchmark's reading of the cost). */
    long renderCount() {
        return renders.get();
    }

    /**
     * A render of {@code page} that reflects event {@code seen}: the kept one, the running one, or a new one
     * made by {@code render} on this thread. A failed render's exception reaches everyone who waited for it.
     */
    Render get(String page, long seen, Supplier<String> render) {
        Slot slot = slots.computeIfAbsent(page, k -> new Slot());
        if (slots.size() > maxPages) {
            dropIdle(page);
        }
        while (true) {
            CompletableFuture<Render> running;
            long reflects = 0;
            Instant started = null;
            boolean mine = false;
            synchronized (slot) {
                Render latest = slot.latest;
                if (latest != null && latest.reflects() >= seen && young(latest)) {
                    return latest;
                }
                if (slot.running == null) {
                    reflects = newestEventId.getAsLong(); // before the render reads: it shows at least this
                    started = clock.instant();
                    slot.running = new CompletableFuture<>();
                    mine = true;
                }
                running = slot.running;
            }
            if (mine) {
                return renderFor(slot, running, reflects, started, render);
            }
            Render shared;
            try {
                shared = running.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
            if (shared.reflects() >= seen) {
                return shared;
            }
            // it started before the event this viewer has seen: take or join the next one
        }
    }

    private Render renderFor(
            Slot slot, CompletableFuture<Render> running, long reflects, Instant started, Supplier<String> render) {
        Render done;
        try {
            String html = render.get();
            done = new Render(reflects, newestEventId.getAsLong(), started, html);
        } catch (RuntimeException e) {
            synchronized (slot) {
                slot.running = null;
            }
            running.completeExceptionally(e);
            throw e;
        }
        renders.incrementAndGet();
        synchronized (slot) {
            if (slot.latest == null || slot.latest.reflects() <= done.reflects()) {
                slot.latest = done;
            }
            slot.running = null;
        }
        running.complete(done);
        return done;
    }

    private boolean young(Render r) {
        return Duration.between(r.startedAt(), clock.instant()).compareTo(maxAge) <= 0;
    }

    /** Keeps the map bounded: drops pages no render is running for, except the one being asked for. */
    private void dropIdle(String keep) {
        slots.forEach((key, slot) -> {
            if (!key.equals(keep) && slots.size() > maxPages) {
                synchronized (slot) {
                    if (slot.running == null) {
                        slots.remove(key, slot);
                    }
                }
            }
        });
    }
}
