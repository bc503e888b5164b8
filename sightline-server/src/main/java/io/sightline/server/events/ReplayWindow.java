package io.sightline.server.events;

import java.time.Duration;
import java.util.Objects;

/**
 * How far back a reconnecting stream client may resume. An event is replayable when it is among the
 * newest {@code maxEvents} events of the whole log AND younger than {@code maxAge}; both limits apply.
 * The default is the last 100,000 events, at most 24 hours old: ten times a stream client's queue, so
 * that a client cut off for falling behind resumes exactly (see {@code ServerConfig}). A client whose {@code Last-Event-ID}
 * lies before the window resumes at the window's start and is told so by a {@code replay-truncated}
 * event (see {@code docs/events.md}).
 */
public record ReplayWindow(long maxEvents, Duration maxAge) {

    public static final ReplayWindow DEFAULT = new ReplayWindow(100_000, Duration.ofHours(24));

    public ReplayWindow {
        Objects.requireNonNull(maxAge, "maxAge");
        if (maxEvents < 0) {
            throw new IllegalArgumentException("maxEvents must be >= 0, got " + maxEvents);
        }
        if (maxAge.isNegative()) {
            throw new IllegalArgumentException("maxAge must not be negative, got " + maxAge);
        }
    }
}
