package io.sightline.agent.steer;

/**
 * What an {@link SseClient} reports. Events arrive one at a time on an HTTP client thread, so an
 * implementation must hand long work elsewhere (a slow listener would look like a silent server).
 */
public interface SseListener {
    /** A stream was accepted (200, {@code text/event-stream}); {@code connection} counts from 1. */
    default void onOpen(int connection) {}

    void onEvent(SseEvent event);

    /** A connection attempt or stream ended; {@code reason} says why, {@code retryIn} when the next try is. */
    default void onClosed(String reason, java.time.Duration retryIn) {}
}
