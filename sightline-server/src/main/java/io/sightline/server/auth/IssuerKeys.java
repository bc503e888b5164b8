package io.sightline.server.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An OIDC issuer's signing keys, from its JWKS document, ready to verify with: fetched on the first token,
 * then kept until a token names a key that is not among them, which fetches the document again at most
 * once per {@code minRefreshInterval} (so a stream of forged key ids cannot make us hammer the issuer).
 *
 * <p>Nimbus's own {@code JWKSourceBuilder} was not used: its rate limiter lets two fetches through per
 * interval and its cache expires on a timer, where Sightline promises one refresh per interval and a
 * refresh only on an unknown key id (docs/security.md; pinned by {@code OidcVerifierTest}). Each key's
 * verifier is built once per fetch, not per token: converting a JWK to a Java key on every call cost
 * about a tenth more CPU per verification (benchmark {@code OidcVerification}, docs/benchmarks.md).
 */
final class IssuerKeys {
    private static final Logger log = LoggerFactory.getLogger(IssuerKeys.class);
    private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(10);

    /** The published keys and a verifier for each RSA one. */
    private record Published(JWKSet keys, Map<JWK, JWSVerifier> verifiers) {
        static final Published NONE = new Published(new JWKSet(), Map.of());

        List<JWSVerifier> matching(JWSHeader header) {
            JWKMatcher matcher = JWKMatcher.forJWSHeader(header);
            if (matcher == null) {
                return List.of();
            }
            return new JWKSelector(matcher)
                    .select(keys).stream()
                            .map(verifiers::get)
                            .filter(Objects::nonNull)
                            .toList();
        }
    }

    private final URI jwksUri;
    private final HttpClient http;
    private final Clock clock;
    private final Duration minRefreshInterval;
    private volatile Published published = Published.NONE;
    private Instant lastRefresh = Instant.EPOCH;

    IssuerKeys(URI jwksUri, HttpClient http, Clock clock, Duration minRefreshInterval) {
        this.jwksUri = Objects.requireNonNull(jwksUri, "jwksUri");
        this.http = Objects.requireNonNull(http, "http");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.minRefreshInterval = Objects.requireNonNull(minRefreshInterval, "minRefreshInterval");
    }

    /**
     * Verifiers for the published keys that fit this header (its {@code kid}, algorithm and signature use;
     * every fitting key when it names none). Empty when none fits even after a refresh, or when a refresh is
     * not due yet.
     */
    List<JWSVerifier> verifiersFor(JWSHeader header) throws KeySourceException {
        List<JWSVerifier> found = published.matching(header);
        if (!found.isEmpty()) {
            return found;
        }
        synchronized (this) {
            found = published.matching(header);
            if (found.isEmpty() && !clock.instant().isBefore(lastRefresh.plus(minRefreshInterval))) {
                refresh();
                found = published.matching(header);
            }
        }
        return found;
    }

    /** Fetches the JWKS document now and replaces the keys with it. */
    synchronized void refresh() throws KeySourceException {
        lastRefresh = clock.instant();
        JWKSet keys;
        try {
            HttpResponse<String> res = http.send(
                    HttpRequest.newBuilder(jwksUri).timeout(FETCH_TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (res.statusCode() != 200) {
                throw new KeySourceException("JWKS " + jwksUri + " answered " + res.statusCode());
            }
            keys = JWKSet.parse(res.body());
        } catch (IOException | ParseException e) {
            throw new KeySourceException("cannot load JWKS from " + jwksUri + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeySourceException("interrupted while loading JWKS", e);
        }
        Map<JWK, JWSVerifier> verifiers = new HashMap<>();
        for (JWK key : keys.getKeys()) {
            if (key instanceof RSAKey rsa) {
                try {
                    verifiers.put(key, new RSASSAVerifier(rsa));
                } catch (JOSEException e) {
                    log.warn("skipping JWKS key {} of {}: {}", key.getKeyID(), jwksUri, e.getMessage());
                }
            }
        }
        published = new Published(keys, Map.copyOf(verifiers));
        log.info("loaded {} signing keys from {}", verifiers.size(), jwksUri);
    }
}
