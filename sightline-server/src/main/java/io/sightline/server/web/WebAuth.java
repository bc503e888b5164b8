package io.sightline.server.web;

import io.javalin.http.Context;
import io.sightline.server.auth.AccessControl;
import io.sightline.server.auth.InvalidCredentialsException;
import io.sightline.server.auth.Principal;
import io.sightline.server.auth.Role;
import io.sightline.server.http.ApiException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * Who is looking at a dashboard page, and whether a form post is theirs.
 *
 * <p>The same credentials as the API ({@link AccessControl}): on an open loopback server everyone is
 * {@link Principal#OPEN}; otherwise a bearer header, or the session cookie set by {@code /login}. The
 * cookie holds the API token itself (HTTP-only, SameSite=Strict), so a session survives a server restart
 * and ends when the token is revoked, with no session table to keep.
 *
 * <p>CSRF: a post carried by a cookie (or by nobody, on an open server) must bring the page's CSRF token
 * ({@code csrf} form field or {@code X-CSRF-Token} header). For a cookie it is a hash of the token, which
 * a foreign site cannot compute; on an open server a hash of a key drawn at start. A post with a bearer
 * header needs none: a browser never adds that header to a cross-site request.
 */
public final class WebAuth {
    static final String SESSION_COOKIE = AccessControl.SESSION_COOKIE;
    static final String LOGIN_CSRF_COOKIE = "sightline_login_csrf";
    static final String CSRF_FIELD = "csrf";
    static final String CSRF_HEADER = "X-CSRF-Token";

    private final AccessControl access;
    private final String openKey;
    private final SecureRandom random = new SecureRandom();

    public WebAuth(AccessControl access) {
        this.access = Objects.requireNonNull(access, "access");
        byte[] key = new byte[32];
        random.nextBytes(key);
        this.openKey = HexFormat.of().formatHex(key);
    }

    /** The caller, or empty when it must log in first. */
    Optional<Principal> principal(Context ctx) {
        Optional<Principal> fromHeader = AccessControl.principal(ctx); // a bearer header AccessControl checked
        if (fromHeader.isPresent()) {
            return fromHeader;
        }
        String secret = ctx.cookie(SESSION_COOKIE);
        if (secret != null && !secret.isBlank()) {
            try {
                return Optional.of(access.authenticate(secret));
            } catch (InvalidCredentialsException e) {
                return Optional.empty(); // revoked or unknown: log in again
            }
        }
        return access.open() ? Optional.of(Principal.OPEN) : Optional.empty();
    }

    /** The caller when it holds {@code role}; 401 without credentials, 403 with too low a role. */
    Principal require(Context ctx, Role role) {
        Principal p = principal(ctx).orElseThrow(() -> ApiException.unauthorized("log in at /login first"));
        if (!p.has(role)) {
            throw ApiException.forbidden(
                    p.describe() + " has role " + name(p.role()) + "; this needs " + name(role) + " or higher");
        }
        return p;
    }

    /** Whether {@code p} may see and use the steering controls (steering or admin). */
    static boolean maySteer(Principal p) {
        return p.has(Role.STEERING);
    }

    /** The CSRF token the caller's forms carry. */
    String csrfToken(Context ctx) {
        String secret = ctx.cookie(SESSION_COOKIE);
        return digest("sightline-csrf\0" + (secret == null || secret.isBlank() ? openKey : secret));
    }

    /** Refuses (403) a post that neither brings a bearer header nor the caller's CSRF token. */
    void checkCsrf(Context ctx) {
        if (ctx.header("Authorization") != null) {
            return;
        }
        String given = ctx.header(CSRF_HEADER);
        if (given == null) {
            given = ctx.formParam(CSRF_FIELD);
        }
        if (given == null || !constantTimeEquals(given, csrfToken(ctx))) {
            throw ApiException.forbidden("missing or wrong CSRF token (form field '" + CSRF_FIELD + "' or header "
                    + CSRF_HEADER + "); reload the page");
        }
    }

    /** A fresh value for the login form's double-submit CSRF check (no session exists yet). */
    String newLoginCsrf() {
        byte[] b = new byte[24];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static void checkLoginCsrf(Context ctx) {
        String cookie = ctx.cookie(LOGIN_CSRF_COOKIE);
        String field = ctx.formParam(CSRF_FIELD);
        if (cookie == null || field == null || !constantTimeEquals(cookie, field)) {
            throw ApiException.forbidden("missing or wrong CSRF token on the login form; reload /login");
        }
    }

    /** Checks a token a person typed in; the principal it names, or empty when it is not valid. */
    Optional<Principal> verify(String token) {
        try {
            return Optional.of(access.authenticate(token.strip()));
        } catch (InvalidCredentialsException e) {
            return Optional.empty();
        }
    }

    /** The cookie header value: HTTP-only, SameSite=Strict, Secure when the request came over TLS. */
    static String cookie(Context ctx, String name, String value, long maxAgeSeconds) {
        return name + "=" + value + "; Path=/; HttpOnly; SameSite=Strict"
                + (maxAgeSeconds >= 0 ? "; Max-Age=" + maxAgeSeconds : "")
                + ("https".equalsIgnoreCase(ctx.scheme()) ? "; Secure" : "");
    }

    private static String name(Role role) {
        return role.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
