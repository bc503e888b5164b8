package io.sightline.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies RS256 JWTs from one OIDC issuer: signature with the issuer's JWKS key named by {@code kid}
 * (keys cached by kid; an unknown kid refreshes the JWKS, at most once per {@code minRefreshInterval}),
 * then {@code iss}, {@code aud}, {@code exp} and {@code nbf} (with leeway), then maps the role claim.
 * Only RS256 is accepted: {@code none}, HMAC and other algorithms are refused.
 */
public final class OidcVerifier {

    private static final Logger log = LoggerFactory.getLogger(OidcVerifier.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OidcConfig config;
    private final HttpClient http;
    private final Clock clock;
    private volatile Map<String, RSAPublicKey> keys = Map.of();
    private volatile Instant lastRefresh = Instant.EPOCH;

    public OidcVerifier(OidcConfig config, HttpClient http, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.http = Objects.requireNonNull(http, "http");
        this.clock = Objects.requireNonNull(clock, "clock");
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
        String[] parts = jwt.split("\\.", -1);
        if (parts.length != 3) {
            throw new InvalidCredentialsException("malformed JWT");
        }
        JsonNode header = decodeJson(parts[0], "header");
        JsonNode claims = decodeJson(parts[1], "payload");
        if (!"RS256".equals(header.path("alg").asText())) {
            throw new InvalidCredentialsException("JWT algorithm must be RS256");
        }
        RSAPublicKey key = key(header.path("kid").asText(null));
        try {
            Signature sig = Signature.getInstance("SHA256withRSA");
            sig.initVerify(key);
            sig.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!sig.verify(Base64.getUrlDecoder().decode(parts[2]))) {
                throw new InvalidCredentialsException("JWT signature does not verify");
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new InvalidCredentialsException("JWT signature does not verify", e);
        }
        checkClaims(claims);
        Role role = role(claims);
        String name =
                claims.path("preferred_username").asText(claims.path("sub").asText("oidc-user"));
        return new Principal(name, role, "oidc", AgentScope.NONE);
    }

    private void checkClaims(JsonNode claims) throws InvalidCredentialsException {
        if (!config.issuer().equals(claims.path("iss").asText(null))) {
            throw new InvalidCredentialsException("JWT issuer is not " + config.issuer());
        }
        if (config.audience() != null) {
            JsonNode aud = claims.path("aud");
            boolean ok = aud.isTextual() ? aud.asText().equals(config.audience()) : false;
            if (aud.isArray()) {
                for (JsonNode a : aud) {
                    ok |= a.asText().equals(config.audience());
                }
            }
            if (!ok) {
                throw new InvalidCredentialsException("JWT audience does not include " + config.audience());
            }
        }
        long now = clock.instant().getEpochSecond();
        long leeway = config.leeway().toSeconds();
        if (!claims.path("exp").isNumber()) {
            throw new InvalidCredentialsException("JWT has no exp claim");
        }
        if (now > claims.path("exp").asLong() + leeway) {
            throw new InvalidCredentialsException("JWT has expired");
        }
        if (claims.path("nbf").isNumber() && now + leeway < claims.path("nbf").asLong()) {
            throw new InvalidCredentialsException("JWT is not valid yet");
        }
    }

    private Role role(JsonNode claims) throws InvalidCredentialsException {
        JsonNode node = claims;
        for (String step : config.roleClaim().split("\\.")) {
            node = node.path(step);
        }
        Role best = null;
        Iterable<JsonNode> values = node.isArray() ? node : java.util.List.of(node);
        for (JsonNode v : values) {
            if (!v.isTextual()) {
                continue;
            }
            for (String name : v.asText().split(" ")) {
                Role r = config.roleValues().get(name);
                if (r != null && (best == null || r.compareTo(best) > 0)) {
                    best = r;
                }
            }
        }
        if (best == null) {
            throw new InvalidCredentialsException("JWT claim " + config.roleClaim() + " grants no Sightline role");
        }
        return best;
    }

    private RSAPublicKey key(String kid) throws InvalidCredentialsException {
        RSAPublicKey key = pick(keys, kid);
        if (key != null) {
            return key;
        }
        synchronized (this) {
            key = pick(keys, kid);
            if (key == null
                    && Duration.between(lastRefresh, clock.instant()).compareTo(config.minRefreshInterval()) >= 0) {
                refresh();
                key = pick(keys, kid);
            }
        }
        if (key == null) {
            throw new InvalidCredentialsException("JWT key id " + kid + " is not among the issuer's keys");
        }
        return key;
    }

    private static RSAPublicKey pick(Map<String, RSAPublicKey> keys, String kid) {
        if (kid == null) {
            return keys.size() == 1 ? keys.values().iterator().next() : null;
        }
        return keys.get(kid);
    }

    /** Fetches the JWKS now (otherwise it is fetched on the first token and on unknown key ids). */
    public synchronized void refresh() throws InvalidCredentialsException {
        lastRefresh = clock.instant();
        try {
            HttpResponse<String> res = http.send(
                    HttpRequest.newBuilder(config.jwksUri())
                            .timeout(Duration.ofSeconds(10))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (res.statusCode() != 200) {
                throw new InvalidCredentialsException("JWKS " + config.jwksUri() + " answered " + res.statusCode());
            }
            Map<String, RSAPublicKey> fresh = new HashMap<>();
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            int unnamed = 0;
            for (JsonNode k : JSON.readTree(res.body()).path("keys")) {
                if (!"RSA".equals(k.path("kty").asText())
                        || "enc".equals(k.path("use").asText())) {
                    continue;
                }
                BigInteger n = new BigInteger(
                        1, Base64.getUrlDecoder().decode(k.path("n").asText()));
                BigInteger e = new BigInteger(
                        1, Base64.getUrlDecoder().decode(k.path("e").asText()));
                String kid = k.path("kid").asText("__unnamed" + unnamed++);
                fresh.put(kid, (RSAPublicKey) rsa.generatePublic(new RSAPublicKeySpec(n, e)));
            }
            keys = Map.copyOf(fresh);
            log.info("loaded {} signing keys from {}", fresh.size(), config.jwksUri());
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new InvalidCredentialsException(
                    "cannot load JWKS from " + config.jwksUri() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InvalidCredentialsException("interrupted while loading JWKS", e);
        }
    }

    private static JsonNode decodeJson(String part, String what) throws InvalidCredentialsException {
        try {
            JsonNode n = JSON.readTree(Base64.getUrlDecoder().decode(part));
            if (n == null || !n.isObject()) {
                throw new InvalidCredentialsException("JWT " + what + " is not a JSON object");
            }
            return n;
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidCredentialsException("JWT " + what + " is not valid base64url JSON", e);
        }
    }
}
