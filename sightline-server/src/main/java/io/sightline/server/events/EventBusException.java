package io.sightline.server.events;

/** The bus did not accept (or did not confirm) a batch of events; the caller keeps them and retries. */
public final class EventBusException extends Exception {
    public EventBusException(String message) {
        super(message);
    }

    public EventBusException(String message, Throwable cause) {
        super(message, cause);
    }
}
