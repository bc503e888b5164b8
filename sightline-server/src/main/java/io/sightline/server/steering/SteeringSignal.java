package io.sightline.server.steering;

/**
 * Tells the servers that hold a session's stream that something changed for it (an instruction was
 * created or retried, a connection was closed or replaced, the session went inactive), so that the
 * stream reads the database again at once instead of at its next heartbeat.
 */
public interface SteeringSignal extends AutoCloseable {

    /** Signals {@code sessionId} to every server (this one included). */
    void signal(String sessionId);

    @Override
    void close();
}
