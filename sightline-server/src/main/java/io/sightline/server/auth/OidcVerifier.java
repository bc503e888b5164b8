package io.sightline.server.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.ExpiredJWTException;
import java.net.http.HttpClient;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Verifies RS256 JWTs from one OIDC issuer with nimbus-jose-jwt: the signature with the issuer's JWKS key
 * named by {@code kid} ({@link IssuerKeys}: cached; an unknown kid refreshes them, at most once per
 * {@code minRefreshInterval}), then {@code iss}, {@code aud}, {@code exp} (required) and {@code nbf} with
 * leeway, then maps the role claim and, for agents, the agent claim. Only RS256 is accepted: {@code none},
 * HMAC, encrypted and other algorithms are refused.
 */
public final class OidcVerifier {

    private final OidcConfig config;
    private final IssuerKeys keys;
    private final DefaultJWTClaimsVerifier<SecurityContext> claimsVerifier;

    public OidcVerifier(OidcConfig config, HttpClient http, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.keys = new IssuerKeys(config.jwksUri(), http, clock, config.minRefreshInterval());
        this.claimsVerifier = claimsVerifier(config, clock);
    }

    public OidcVerifier(OidcConfig config) {
        this(
                config,
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(),
                Clock.systemUTC());
    }

    public OidcConfig config() {
        return config;
    }

    /** Whether this bearer value looks like a JWT (three dot-separated parts) rather than an API token. */
    public static boolean looksLikeJwt(String bearer) {
        return bearer.chars().filter(ch -> ch == '.').count() == 2;
    }

    public Principal verify(String jwt) throws InvalidCredentialsException {
        SignedJWT token = rs256(jwt);
        List<JWSVerifier> candidates;
        try {
            candidates = keys.verifiersFor(token.getHeader());
        } catch (KeySourceException e) {
            throw new InvalidCredentialsException(e.getMessage(), e);
        }
        if (candidates.isEmpty()) {
            throw new InvalidCredentialsException(
                    "JWT key id " + token.getHeader().getKeyID() + " is not among the issuer's keys");
        }
        if (!signedByOneOf(token, candidates)) {
            throw new InvalidCredentialsException("JWT signature does not verify");
        }
        JWTClaimsSet claims;
        try {
            claims = token.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new InvalidCredentialsException("JWT payload is not a JSON object of claims", e);
        }
        try {
            claimsVerifier.verify(claims, null);
        } catch (BadJWTException e) {
            throw new InvalidCredentialsException(explain(e), e);
        }
        Role role = role(claims);
        String name = text(claims.getClaim("preferred_username"), text(claims.getSubject(), "oidc-user"));
        AgentScope agents = role == Role.AGENT
                ? new AgentScope.Named(Set.copyOf(values(claims, config.agentClaim())))
                : AgentScope.NONE;
        return new Principal(name, role, "oidc", agents);
    }

    /** The token as a signed JWT with the one algorithm allowed. */
    private static SignedJWT rs256(String jwt) throws InvalidCredentialsException {
        JWT parsed;
        try {
            parsed = JWTParser.parse(jwt);
        } catch (ParseException e) {
            throw new InvalidCredentialsException("malformed JWT: " + e.getMessage(), e);
        }
        if (!(parsed instanceof SignedJWT signed)
                || !JWSAlgorithm.RS256.equals(signed.getHeader().getAlgorithm())) {
            throw new InvalidCredentialsException(
                    "JWT algorithm must be RS256, not " + parsed.getHeader().getAlgorithm());
        }
        return signed;
    }

    /** Nimbus tries every key that matches the header the same way (a token without kid may match several). */
    private static boolean signedByOneOf(SignedJWT token, List<JWSVerifier> candidates) {
        for (JWSVerifier verifier : candidates) {
            try {
                if (token.verify(verifier)) {
                    return true;
                }
            } catch (JOSEException e) {
                // this key cannot check the signature: try the next one
            }
        }
        return false;
    }

    private static DefaultJWTClaimsVerifier<SecurityContext> claimsVerifier(OidcConfig config, Clock clock) {
        DefaultJWTClaimsVerifier<SecurityContext> verifier =
                new DefaultJWTClaimsVerifier<>(
                        config.audience() == null ? null : Set.of(config.audience()),
                        new JWTClaimsSet.Builder().issuer(config.issuer()).build(),
                        Set.of("exp"),
                        null) {
                    @Override
                    protected Date currentTime() {
                        return Date.from(clock.instant());
                    }
                };
        verifier.setMaxClockSkew(Math.toIntExact(config.leeway().toSeconds()));
        return verifier;
    }

    /**
     * The caller-facing reason for a refused claim. Nimbus reports them as fixed sentences; these say which
     * value was expected. A sentence not listed here is passed on as nimbus wrote it.
     */
    private String explain(BadJWTException e) {
        if (e instanceof ExpiredJWTException) {
            return "JWT has expired";
        }
        String reason = String.valueOf(e.getMessage());
        if (reason.equals("JWT before use time")) {
            return "JWT is not valid yet";
        }
        if (reason.startsWith("JWT iss claim")) {
            return "JWT issuer is not " + config.issuer();
        }
        if (reason.startsWith("JWT aud claim") || reason.startsWith("JWT missing required aud")) {
            return "JWT audience does not include " + config.audience();
        }
        if (reason.equals("JWT missing required claims: [exp]")) {
            return "JWT has no exp claim";
        }
        return reason;
    }

    private Role role(JWTClaimsSet claims) throws InvalidCredentialsException {
        Role best = null;
        for (String value : values(claims, config.roleClaim())) {
            Role r = config.roleValues().get(value);
            if (r != null && (best == null || r.compareTo(best) > 0)) {
                best = r;
            }
        }
        if (best == null) {
            throw new InvalidCredentialsException("JWT claim " + config.roleClaim() + " grants no Sightline role");
        }
        return best;
    }

    /**
     * The strings at a dotted claim path ({@code realm_access.roles}): the elements of an array, or the words
     * of a space-separated string; empty when the path leads nowhere.
     */
    static List<String> values(JWTClaimsSet claims, String path) {
        Object node = claims.getClaims();
        for (String step : path.split("\\.")) {
            node = node instanceof Map<?, ?> map ? map.get(step) : null;
        }
        Iterable<?> items = node instanceof List<?> list ? list : node == null ? List.of() : List.of(node);
        Set<String> out = new LinkedHashSet<>();
        for (Object item : items) {
            if (item instanceof String s) {
                for (String word : s.split(" ")) {
                    if (!word.isBlank()) {
                        out.add(word);
                    }
                }
            }
        }
        return new ArrayList<>(out);
    }

    private static String text(Object claim, String otherwise) {
        return claim instanceof String s && !s.isBlank() ? s : otherwise;
    }
}
