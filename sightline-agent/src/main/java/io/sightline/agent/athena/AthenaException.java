package io.sightline.agent.athena;

/**
 * Athena refused a request or could not be reached. The message names the request and carries the
 * service's {@code ProblemDetails} (title and detail) when it sent one.
 */
public final class AthenaException extends Exception {
    private final int status;

    public AthenaException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The HTTP status, or 0 when no answer came. */
    public int status() {
        return status;
    }
}
