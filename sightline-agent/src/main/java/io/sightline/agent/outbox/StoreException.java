package io.sightline.agent.outbox;

/** The agent's local state could not be opened, read or written. */
public final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
