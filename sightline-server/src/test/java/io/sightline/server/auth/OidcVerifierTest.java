package io.sightline.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.sightline.server.testing.TestDatabase;
import io.sightline.server.testing.TestServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** JWTs signed with real RSA keys, verified against a real JWKS endpoint on loopback. */
class OidcVerifierTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ISSUER = "https://keycloak.test/realms/em";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private static HttpServer jwksServer;
    private static final AtomicInteger fetches = new AtomicInteger();
    private static volatile String jwks;
    private static KeyPair k1;
    private static KeyPair k2;
    private static URI jwksUri;

    @BeforeAll
    static void startJwks() throws Exception {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        k1 = gen.generateKeyPair();
        k2 = gen.generateKeyPair();
        jwksServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        jwksServer.createContext("/certs", ex -> {
            fetches.incrementAndGet();
            byte[] body = jwks.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        jwksServer.start();
        jwksUri = URI.create("http://127.0.0.1:" + jwksServer.getAddress().getPort() + "/certs");
    }

    @AfterAll
    static void stopJwks() {
        jwksServer.stop(0);
    }

    @BeforeEach
    void onlyKeyOnePublished() throws Exception {
        publish(Map.of("k1", k1));
        fetches.set(0);
    }

    private static void publish(Map<String, KeyPair> keys) throws Exception {
        List<Map<String, String>> list = new ArrayList<>();
        keys.forEach((kid, kp) -> {
            RSAPublicKey pub = (RSAPublicKey) kp.getPublic();
            list.add(Map.of(
                    "kty",
                    "RSA",
                    "kid",
                    kid,
                    "use",
                    "sig",
                    "alg",
                    "RS256",
                    "n",
                    B64.encodeToString(unsigned(pub.getModulus().toByteArray())),
                    "e",
                    B64.encodeToString(unsigned(pub.getPublicExponent().toByteArray()))));
        });
        jwks = JSON.writeValueAsString(Map.of("keys", list));
    }

    private static byte[] unsigned(byte[] b) {
        return b.length > 1 && b[0] == 0 ? java.util.Arrays.copyOfRange(b, 1, b.length) : b;
    }

    private static String jwt(KeyPair signer, String kid, Map<String, Object> claims) throws Exception {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", "RS256");
        header.put("typ", "JWT");
        if (kid != null) {
            header.put("kid", kid);
        }
        String signingInput = B64.encodeToString(JSON.writeValueAsBytes(header)) + "."
                + B64.encodeToString(JSON.writeValueAsBytes(claims));
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(signer.getPrivate());
        s.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + B64.encodeToString(s.sign());
    }

    private static Map<String, Object> claims(String... roles) {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("iss", ISSUER);
        c.put("sub", "user-123");
        c.put("preferred_username", "alice");
        c.put("aud", List.of("sightline", "account"));
        c.put("iat", now);
        c.put("nbf", now - 5);
        c.put("exp", now + 300);
        c.put("realm_access", Map.of("roles", List.of(roles)));
        return c;
    }

    private static OidcVerifier verifier() {
        return new OidcVerifier(new OidcConfig(
                ISSUER,
                jwksUri,
                "sightline",
                "realm_access.roles",
                "sightline.agents",
                null,
                Duration.ofSeconds(30),
                Duration.ZERO));
    }

    @Test
    void aValidTokenYieldsTheHighestMappedRoleAndTheUserName() throws Exception {
        Principal p = verifier().verify(jwt(k1, "k1", claims("offline_access", "viewer", "agent")));
        assertThat(p).isEqualTo(new Principal("alice", Role.AGENT, "oidc", AgentScope.NONE));
    }

    @Test
    void anAgentActsForTheAgentIdsOfTheAgentClaimGivenAsAListOrAsWords() throws Exception {
        Map<String, Object> listed = claims("agent");
        listed.put("sightline", Map.of("agents", List.of("krios-1", "krios-2")));
        assertThat(verifier().verify(jwt(k1, "k1", listed)).agents())
                .isEqualTo(new AgentScope.Named(java.util.Set.of("krios-1", "krios-2")));
        Map<String, Object> words = claims("agent");
        words.put("sightline", Map.of("agents", "krios-3 krios-4"));
        assertThat(verifier().verify(jwt(k1, "k1", words)).agents())
                .isEqualTo(new AgentScope.Named(java.util.Set.of("krios-3", "krios-4")));
        // the claim is read for agents only: an admin acts for every agent anyway
        Map<String, Object> admin = claims("admin");
        admin.put("sightline", Map.of("agents", List.of("krios-1")));
        assertThat(verifier().verify(jwt(k1, "k1", admin)).agents()).isEqualTo(AgentScope.NONE);
    }

    @Test
    void aTokenWithoutKeyIdIsCheckedAgainstThePublishedKeys() throws Exception {
        assertThat(verifier().verify(jwt(k1, null, claims("viewer"))).role()).isEqualTo(Role.VIEWER);
        assertThatThrownBy(() -> verifier().verify(jwt(k2, null, claims("viewer"))))
                .hasMessageContaining("signature");
    }

    @Test
    void aTokenWithoutExpiryIsRejected() throws Exception {
        Map<String, Object> c = claims("admin");
        c.remove("exp");
        assertThatThrownBy(() -> verifier().verify(jwt(k1, "k1", c))).hasMessageContaining("no exp claim");
    }

    @Test
    void keysAreFetchedOnceAndCachedByKeyId() throws Exception {
        OidcVerifier v = verifier();
        for (int i = 0; i < 5; i++) {
            v.verify(jwt(k1, "k1", claims("viewer")));
        }
        assertThat(fetches.get()).isEqualTo(1);
    }

    @Test
    void anExpiredTokenIsRejected() throws Exception {
        Map<String, Object> c = claims("admin");
        c.put("exp", Instant.now().getEpochSecond() - 120); // beyond the 30 s leeway
        assertThatThrownBy(() -> verifier().verify(jwt(k1, "k1", c))).hasMessageContaining("expired");
    }

    @Test
    void aTokenExpiredWithinTheLeewayIsAccepted() throws Exception {
        Map<String, Object> c = claims("admin");
        c.put("exp", Instant.now().getEpochSecond() - 10);
        assertThat(verifier().verify(jwt(k1, "k1", c)).role()).isEqualTo(Role.ADMIN);
    }

    @Test
    void aTokenNotYetValidIsRejected() throws Exception {
        Map<String, Object> c = claims("admin");
        c.put("nbf", Instant.now().getEpochSecond() + 600);
        assertThatThrownBy(() -> verifier().verify(jwt(k1, "k1", c))).hasMessageContaining("not valid yet");
    }

    @Test
    void aTokenFromAnotherIssuerIsRejected() throws Exception {
        Map<String, Object> c = claims("admin");
        c.put("iss", "https://evil.test/realms/em");
        assertThatThrownBy(() -> verifier().verify(jwt(k1, "k1", c))).hasMessageContaining("issuer");
    }

    @Test
    void aTokenForAnotherAudienceIsRejected() throws Exception {
        Map<String, Object> c = claims("admin");
        c.put("aud", "other-app");
        assertThatThrownBy(() -> verifier().verify(jwt(k1, "k1", c))).hasMessageContaining("audience");
    }

    @Test
    void aBadSignatureIsRejected() throws Exception {
        // signed with key 2 but claiming key 1
        assertThatThrownBy(() -> verifier().verify(jwt(k2, "k1", claims("admin"))))
                .hasMessageContaining("signature");
        // a valid token whose payload was altered afterwards
        String good = jwt(k1, "k1", claims("viewer"));
        String[] parts = good.split("\\.");
        String forged = parts[0] + "." + B64.encodeToString(JSON.writeValueAsBytes(claims("admin"))) + "." + parts[2];
        assertThatThrownBy(() -> verifier().verify(forged)).hasMessageContaining("signature");
    }

    @Test
    void anUnknownKeyIdRefreshesTheKeysOnceAndIsRejectedWhenStillUnknown() throws Exception {
        OidcVerifier v = verifier();
        v.verify(jwt(k1, "k1", claims("viewer")));
        assertThatThrownBy(() -> v.verify(jwt(k2, "k2", claims("admin")))).hasMessageContaining("key id k2");
        assertThat(fetches.get()).isEqualTo(2);
    }

    @Test
    void aRotatedKeyIsPickedUpByRefreshingOnItsUnknownKeyId() throws Exception {
        OidcVerifier v = verifier();
        v.verify(jwt(k1, "k1", claims("viewer")));
        publish(Map.of("k1", k1, "k2", k2));
        assertThat(v.verify(jwt(k2, "k2", claims("admin"))).role()).isEqualTo(Role.ADMIN);
    }

    @Test
    void refreshesAreRateLimited() throws Exception {
        OidcVerifier v = new OidcVerifier(new OidcConfig(
                ISSUER,
                jwksUri,
                "sightline",
                "realm_access.roles",
                null,
                null,
                Duration.ofSeconds(30),
                Duration.ofMinutes(5)));
        v.verify(jwt(k1, "k1", claims("viewer")));
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> v.verify(jwt(k2, "k2", claims("admin"))))
                    .isInstanceOf(InvalidCredentialsException.class);
        }
        assertThat(fetches.get()).isEqualTo(1);
    }

    @Test
    void otherAlgorithmsAndTokensWithoutARoleAreRejected() throws Exception {
        String none = B64.encodeToString("{\"alg\":\"none\",\"kid\":\"k1\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + B64.encodeToString(JSON.writeValueAsBytes(claims("admin"))) + ".";
        assertThatThrownBy(() -> verifier().verify(none)).hasMessageContaining("RS256");
        // HS256 keyed with the issuer's public key: the classic algorithm confusion
        String hsInput = B64.encodeToString("{\"alg\":\"HS256\",\"kid\":\"k1\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + B64.encodeToString(JSON.writeValueAsBytes(claims("admin")));
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(k1.getPublic().getEncoded(), "HmacSHA256"));
        String hs256 = hsInput + "." + B64.encodeToString(mac.doFinal(hsInput.getBytes(StandardCharsets.US_ASCII)));
        assertThatThrownBy(() -> verifier().verify(hs256)).hasMessageContaining("RS256");
        assertThatThrownBy(() -> verifier().verify(jwt(k1, "k1", claims("offline_access"))))
                .hasMessageContaining("no Sightline role");
        assertThatThrownBy(() -> verifier().verify("a.b.c")).isInstanceOf(InvalidCredentialsException.class);
    }

    @Test
    void overHttpAJwtIsAcceptedBesideApiTokensAndItsRoleIsEnforced() throws Exception {
        try (TestDatabase db = TestDatabase.h2()) {
            TokenStore tokens = new TokenStore(db.dataSource());
            String apiToken = tokens.create("agent", Role.AGENT).secret();
            // OIDC configured the way the CLI configures it: ServerApp builds the verifier
            try (TestServer s = TestServer.start(
                    db,
                    c -> c.withOidc(ISSUER, jwksUri.toString(), "sightline", "realm_access.roles"),
                    b -> b.routes(AccessControlTest::routes))) {
                HttpClient http = HttpClient.newHttpClient();
                java.util.function.BiFunction<String, String, Integer> post = (path, bearer) -> {
                    try {
                        return http.send(
                                        HttpRequest.newBuilder(s.uri(path))
                                                .header("Authorization", "Bearer " + bearer)
                                                .POST(HttpRequest.BodyPublishers.ofString(
                                                        AccessControlTest.newAcquisition()))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                };
                assertThat(post.apply("/acquisitions", jwt(k1, "k1", claims("agent"))))
                        .isEqualTo(201);
                assertThat(post.apply("/acquisitions", jwt(k1, "k1", claims("viewer"))))
                        .isEqualTo(403);
                assertThat(post.apply("/debug/probe", jwt(k1, "k1", claims("admin"))))
                        .isEqualTo(200);
                assertThat(post.apply("/acquisitions", jwt(k2, "k1", claims("admin"))))
                        .isEqualTo(401);
                assertThat(post.apply("/acquisitions", apiToken)).isEqualTo(201);
                HttpResponse<String> whoami = http.send(
                        HttpRequest.newBuilder(s.uri("/whoami"))
                                .header("Authorization", "Bearer " + jwt(k1, "k1", claims("viewer")))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(whoami.body()).isEqualTo("alice");
            }
        }
    }

    @Test
    void overHttpAnOidcAgentActsOnlyForTheAgentIdsItsClaimNames() throws Exception {
        try (TestDatabase db = TestDatabase.h2();
                TestServer s = TestServer.start(
                        db,
                        c -> c.withOidc(ISSUER, jwksUri.toString(), "sightline", "realm_access.roles")
                                .withOidcAgentClaim("sightline.agents"),
                        b -> b)) {
            Map<String, Object> krios1 = claims("agent");
            krios1.put("sightline", Map.of("agents", List.of("krios-1")));
            String own = jwt(k1, "k1", krios1);
            assertThat(s.postAs(own, "/agent/krios-1/sessions", Map.of()).status())
                    .isEqualTo(201);
            TestServer.Response other = s.postAs(own, "/agent/krios-2/sessions", Map.of());
            assertThat(other.status()).isEqualTo(403);
            assertThat(other.contentType()).startsWith("application/problem+json");
            assertThat(other.json().get("detail").asText())
                    .isEqualTo("OIDC user 'alice' acts for agent krios-1 only, not for 'krios-2'");
            TestServer.Response unnamed = s.postAs(jwt(k1, "k1", claims("agent")), "/agent/krios-1/sessions", Map.of());
            assertThat(unnamed.status()).isEqualTo(403);
            assertThat(unnamed.json().get("detail").asText()).contains("OIDC user 'alice' names no agent id");
            assertThat(s.running().steering().sessions())
                    .extracting(io.sightline.server.steering.AgentSession::agentId)
                    .containsExactly("krios-1");
        }
    }
}
