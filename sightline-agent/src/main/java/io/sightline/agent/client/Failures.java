package io.sightline.agent.client;

import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;

/**
 * Says in words why a request got no answer, for log lines and the status line. The JDK's HTTP client
 * often throws with no message at all (a refused connection is a {@link ConnectException} whose message
 * is null), which a log line would print as {@code (null)}.
 */
public final class Failures {
    private Failures() {}

    public static String describe(Throwable e) {
        if (e instanceof HttpConnectTimeoutException) {
            return "connecting timed out";
        }
        if (e instanceof HttpTimeoutException) {
            return "no answer in time";
        }
        if (e instanceof ConnectException) {
            return causedBy(e, UnresolvedAddressException.class)
                    ? "unknown host"
                    : "could not connect (refused, or the host is unreachable)";
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t == e ? t.getMessage() : e.getClass().getSimpleName() + ": " + t.getMessage();
            }
        }
        return e.getClass().getSimpleName();
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
