package io.sightline.server.auth;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.sightline.server.http.ApiException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bearer authentication and role authorisation as one Javalin before-handler.
 *
 * <p>Route classes ({@link #classify}): {@code /health}, {@code /status}, {@code /version},
 * {@code /openapi.json}, {@code /docs} and {@code /metrics} (unless {@code metricsPublic} is false)
 * and CORS preflights are PUBLIC; paths under an admin prefix ({@code /api/v1/tokens},
 * {@code /api/v1/admin}, {@code /debug}, {@code /admin} by default) are ADMIN for every method; a
 * route registered with a {@link RoleRequirement} (the data API's {@code ApiRole}) needs that role;
 * other GET/HEAD requests are READ; everything else is WRITE.
 *
 * <p>Credentials: {@code Authorization: Bearer <secret>} (or {@code Token <secret>}, as swf clients send), where the secret is an API token
 * ({@code sl_...}) or, when OIDC is configured, a JWT. Browsers' EventSource cannot send headers, so
 * GET requests to a path ending in {@code /stream} may pass the secret as {@code ?access_token=}.
 * Missing or invalid credentials on a non-public route: 401 with {@code WWW-Authenticate: Bearer} and
 * a problem+json body; a valid credential with too low a role: 403. A credential that is presented is
 * always checked, even on public routes and open servers, so a wrong one is never silently ignored.
 *
 * <p>Agent routes (registered with {@link ActsForAgent}) also need a caller that acts for the agent named
 * in the path ({@link AgentAccess}); else 403 naming the caller, its agent ids and the agent asked for.
 *
 * <p>Open mode: on a server bound to loopback with no OIDC and no active token, requests without
 * credentials are let through as {@link Principal#OPEN} (admin). It ends as soon as a token exists.
 */
public final class AccessControl {
    private static final Logger log = LoggerFactory.getLogger(AccessControl.class);

    /** The context attribute holding the {@link Principal} of an allowed request. */
    public static final String PRINCIPAL_ATTRIBUTE = "sightline.principal";

    /**
     * The dashboard's session cookie (set by {@code /login}, holding an API token). Besides the dashboard's
     * own paths it is accepted on reads (GET, HEAD) only, so that a logged-in page can show images and
     * data by URL; a write always needs a bearer header, so the API has no cross-site request forgery to
     * fear from it.
     */
    public static final String SESSION_COOKIE = "sightline_session";

    public static final List<String> DEFAULT_ADMIN_PREFIXES =
            List.of("/api/v1/tokens", "/api/v1/admin", "/debug", "/admin");
    private static final Set<String> PUBLIC_PATHS = Set.of("/health", "/status", "/version", "/openapi.json", "/docs");

    /**
     * @param loopbackBound the server listens on loopback only, so open mode is allowed
     * @param metricsPublic whether {@code /metrics} needs no credentials (Prometheus scrapers usually
     *     have none; set false when the port is reachable from untrusted networks)
     * @param adminPrefixes path prefixes that need the admin role
     */
    public record Options(boolean loopbackBound, boolean metricsPublic, List<String> adminPrefixes) {
        public Options {
            adminPrefixes = adminPrefixes == null ? DEFAULT_ADMIN_PREFIXES : List.copyOf(adminPrefixes);
        }

        public static Options of(boolean loopbackBound) {
            return new Options(loopbackBound, true, DEFAULT_ADMIN_PREFIXES);
        }
    }

    private final TokenStore tokens;
    private final OidcVerifier oidc;
    private final Options options;

    /**
     * @param tokens the API token store (required)
     * @param oidc the JWT verifier, or null when OIDC is not configured
     */
    public AccessControl(TokenStore tokens, OidcVerifier oidc, Options options) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.oidc = oidc;
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * Installs the check as a before-matched handler (it runs for every request that matches a route,
     * before the route; unmatched paths get their 404 without it). Register it before other handlers.
     */
    public static void register(JavalinConfig config, AccessControl accessControl) {
        config.routes.beforeMatched(accessControl::handle);
    }

    /** The principal of an allowed request (absent on public routes called without credentials). */
    public static Optional<Principal> principal(Context ctx) {
        return Optional.ofNullable(ctx.attribute(PRINCIPAL_ATTRIBUTE));
    }

    public RouteClass classify(String method, String path) {
        String m = method.toUpperCase(java.util.Locale.ROOT);
        String p = canonical(path);
        if (m.equals("OPTIONS")) {
            return RouteClass.PUBLIC;
        }
        for (String prefix : options.adminPrefixes()) {
            String pre = prefix.toLowerCase(java.util.Locale.ROOT);
            if (p.equals(pre) || p.startsWith(pre + "/")) {
                return RouteClass.ADMIN;
            }
        }
        if (isDashboard(p)) {
            return RouteClass.PUBLIC;
        }
        boolean read = m.equals("GET") || m.equals("HEAD");
        if (read
                && (PUBLIC_PATHS.contains(p)
                        || p.startsWith("/docs/")
                        || (options.metricsPublic() && p.equals("/metrics")))) {
            return RouteClass.PUBLIC;
        }
        return read ? RouteClass.READ : RouteClass.WRITE;
    }

    /**
     * The dashboard's pages, forms and stream ({@code io.sightline.server.web}) authenticate themselves:
     * a browser carries a session cookie, not a bearer header, and a page asks for a login instead of
     * answering 401; the web package checks the role (and the CSRF token of every POST) itself.
     */
    private static boolean isDashboard(String canonicalPath) {
        return canonicalPath.equals("/")
                || canonicalPath.equals("/login")
                || canonicalPath.equals("/logout")
                || canonicalPath.startsWith("/ui/");
    }

    /**
     * The path as the strictest router would see it: percent-decoded, dot segments resolved, repeated
     * slashes collapsed, lower case, no trailing slash. Classifying this form keeps {@code //debug},
     * {@code /%64ebug} or {@code /DEBUG} (with case-insensitive routing) inside the admin class.
     */
    static String canonical(String path) {
        String p = path == null || path.isEmpty() ? "/" : path;
        try {
            p = java.net.URLDecoder.decode(p.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            // malformed escapes: classify the raw path (the router will not match it either)
        }
        p = p.replace('\\', '/').replaceAll("/{2,}", "/");
        java.util.Deque<String> segments = new java.util.ArrayDeque<>();
        for (String seg : p.split("/")) {
            if (seg.isEmpty() || seg.equals(".")) {
                continue;
            }
            if (seg.equals("..")) {
                segments.pollLast();
            } else {
                segments.addLast(seg);
            }
        }
        return ("/" + String.join("/", segments)).toLowerCase(java.util.Locale.ROOT);
    }

    /** Whether requests without credentials are let through (loopback, no OIDC, no active token). */
    public boolean open() {
        return options.loopbackBound() && oidc == null && !tokens.hasActiveTokens();
    }

    /**
     * The role a matched route needs: admin under an admin prefix; else the least role the route declares
     * with a {@link RoleRequirement} (the data API's READ → viewer, WRITE → agent); else by
     * {@link #classify}. Null for public routes.
     */
    Role required(
            String method, String path, java.util.Collection<? extends io.javalin.security.RouteRole> routeRoles) {
        RouteClass routeClass = classify(method, path);
        if (routeClass == RouteClass.ADMIN) {
            return Role.ADMIN;
        }
        Role declared = null;
        for (var r : routeRoles) {
            if (r instanceof RoleRequirement requirement
                    && (declared == null || requirement.role().compareTo(declared) > 0)) {
                declared = requirement.role();
            }
        }
        return declared != null ? declared : routeClass.required();
    }

    /** The check itself; {@link #register} installs it. */
    public void handle(Context ctx) {
        Role required = required(ctx.method().name(), ctx.path(), ctx.routeRoles());
        String secret = bearer(ctx);
        if (secret == null && required != null && isRead(ctx)) {
            String cookie = ctx.cookie(SESSION_COOKIE);
            secret = cookie == null || cookie.isBlank() ? null : cookie;
        }
        Principal principal;
        if (secret == null) {
            if (required == null) {
                return;
            }
            if (!open()) {
                throw deny(ctx, 401, "this endpoint needs a bearer token", null);
            }
            principal = Principal.OPEN;
        } else {
            try {
                principal = authenticate(secret);
            } catch (InvalidCredentialsException e) {
                throw deny(ctx, 401, e.getMessage(), "invalid_token");
            }
        }
        if (required != null && !principal.has(required)) {
            throw deny(
                    ctx,
                    403,
                    "role " + principal.role().name().toLowerCase(java.util.Locale.ROOT) + " may not do this; it needs "
                            + required.name().toLowerCase(java.util.Locale.ROOT) + " or higher",
                    null);
        }
        for (var r : ctx.routeRoles()) {
            if (r instanceof ActsForAgent agentRoute) {
                String agentId = ctx.pathParam(agentRoute.pathParameter());
                AgentAccess.Decision decision = AgentAccess.decide(principal, agentId);
                if (decision instanceof AgentAccess.Decision.BindFirst first) {
                    principal = bindAtFirstUse(principal, first.tokenId(), agentId);
                    decision = AgentAccess.decide(principal, agentId);
                }
                if (decision instanceof AgentAccess.Decision.Refused refused) {
                    throw deny(ctx, 403, refused.reason(), null);
                }
            }
        }
        ctx.attribute(PRINCIPAL_ATTRIBUTE, principal);
    }

    /** The principal as it is after its token was bound to its first agent (or to a rival request's). */
    private Principal bindAtFirstUse(Principal principal, String tokenId, String agentId) {
        List<String> bound = tokens.bindAtFirstUse(tokenId, agentId);
        if (bound.contains(agentId)) {
            log.info("{} named no agent; bound to agent '{}', its first", principal.describe(), agentId);
        }
        return new Principal(
                principal.name(), principal.role(), principal.source(), new AgentScope.Named(Set.copyOf(bound)));
    }

    /** Checks a bearer secret: an API token, or a JWT when OIDC is configured. */
    public Principal authenticate(String secret) throws InvalidCredentialsException {
        if (oidc != null && OidcVerifier.looksLikeJwt(secret)) {
            return oidc.verify(secret);
        }
        return tokens.verify(secret)
                .map(t -> new Principal(t.name(), t.role(), "token", t.agentScope()))
                .orElseThrow(() -> new InvalidCredentialsException("unknown or revoked token"));
    }

    private static boolean isRead(Context ctx) {
        String m = ctx.method().name();
        return m.equals("GET") || m.equals("HEAD");
    }

    private static String bearer(Context ctx) {
        String h = ctx.header("Authorization");
        if (h != null && h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String s = h.substring(7).strip();
            return s.isEmpty() ? null : s;
        }
        // Django REST framework's scheme, which the swf fast-monitoring programs send
        if (h != null && h.regionMatches(true, 0, "Token ", 0, 6)) {
            String s = h.substring(6).strip();
            return s.isEmpty() ? null : s;
        }
        if (ctx.method().name().equals("GET") && ctx.path().endsWith("/stream")) {
            String q = ctx.queryParam("access_token");
            return q == null || q.isBlank() ? null : q.strip();
        }
        return null;
    }

    /** The refusal to throw: the exception mapper answers the problem and the route never runs. */
    private static ApiException deny(Context ctx, int status, String detail, String error) {
        if (status == 401) {
            ctx.header(
                    "WWW-Authenticate",
                    "Bearer realm=\"sightline\"" + (error == null ? "" : ", error=\"" + error + "\""));
            return ApiException.unauthorized(detail);
        }
        return ApiException.forbidden(detail);
    }
}
