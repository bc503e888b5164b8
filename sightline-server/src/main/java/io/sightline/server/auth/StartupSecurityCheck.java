package io.sightline.server.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The secure default: a server bound to loopback may run without credentials (the demo); bound to any
 * other address it refuses to start until API tokens or OIDC are configured.
 */
public final class StartupSecurityCheck {

    private StartupSecurityCheck() {}

    /** The server would be reachable from other hosts without any credentials configured. */
    public static final class InsecureStartupException extends RuntimeException {
        public InsecureStartupException(String message) {
            super(message);
        }
    }

    /** Whether {@code bindHost} is a loopback address ({@code 127.0.0.1}, {@code ::1}, {@code localhost}). */
    public static boolean isLoopback(String bindHost) {
        if (bindHost == null || bindHost.isBlank()) {
            return false; // Jetty binds every interface when no host is given
        }
        try {
            for (InetAddress a : InetAddress.getAllByName(bindHost.strip())) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /**
     * Throws when the server must not start: not on loopback, and neither an active API token nor OIDC.
     * Call it from the composition root before starting the HTTP server.
     *
     * @param bindHost the host the HTTP server binds ({@code --bind})
     * @param activeTokens whether the token store holds an active token ({@link TokenStore#hasActiveTokens()})
     * @param oidcConfigured whether an OIDC issuer is configured
     */
    public static void check(String bindHost, boolean activeTokens, boolean oidcConfigured) {
        if (isLoopback(bindHost) || activeTokens || oidcConfigured) {
            return;
        }
        throw new InsecureStartupException(
                "refusing to listen on " + (bindHost == null || bindHost.isBlank() ? "all interfaces" : bindHost)
                        + " without authentication: create an API token first (sightline token create --role admin --name NAME)"
                        + " or configure OIDC, or bind to 127.0.0.1 for a local demo");
    }
}
