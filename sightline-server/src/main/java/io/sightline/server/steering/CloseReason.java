package io.sightline.server.steering;

/**
 * Why a connection closed; the server-side ones are also the {@code code} of the stream's final
 * {@code error} event.
 */
public final class CloseReason {
    private CloseReason() {}

    public static final String SESSION_INACTIVE = "session_inactive";
    public static final String REPLACED = "replaced";
    public static final String STALE = "stale_connection";
    public static final String SHUTDOWN = "shutdown";
    /** The client went away (no error event: nobody is listening). */
    public static final String DISCONNECTED = "disconnected";

    /**
     * Whether a stream ended for this reason should be opened again (here or on another server): its
     * final event is then {@code reconnect}, not {@code error}, which SmartEM's client takes as final.
     */
    public static boolean asksToReconnect(String code) {
        return REPLACED.equals(code) || SHUTDOWN.equals(code);
    }
}
