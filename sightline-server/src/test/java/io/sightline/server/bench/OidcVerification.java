package io.sightline.server.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.sightline.server.auth.OidcConfig;
import io.sightline.server.auth.OidcVerifier;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * OIDC verification cost (not a test): one RS256 JWT (2048-bit key, Keycloak-shaped claims) verified again
 * and again by {@link OidcVerifier}, keys served by a JWKS endpoint on loopback and cached after the first
 * call. Prints the median and range of CPU microseconds per verification over several rounds. Arguments:
 * rounds (default 7) and verifications per round (default 2,000):
 * {@code java -cp <server test classpath> io.sightline.server.bench.OidcVerification 7 2000}.
 */
public final class OidcVerification {
    private static final String ISSUER = "https://keycloak.bench/realms/em";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private OidcVerification() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        int perRound = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        KeyPair key = gen.generateKeyPair();
        HttpServer jwks = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] document = jwks(key).getBytes(StandardCharsets.UTF_8);
        jwks.createContext("/certs", ex -> {
            ex.sendResponseHeaders(200, document.length);
            ex.getResponseBody().write(document);
            ex.close();
        });
        jwks.start();
        try {
            OidcVerifier verifier = new OidcVerifier(OidcConfig.of(
                    ISSUER,
                    URI.create("http://127.0.0.1:" + jwks.getAddress().getPort() + "/certs"),
                    "sightline",
                    "realm_access.roles",
                    null));
            String token = jwt(key);
            ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
            for (int i = 0; i < 5 * perRound; i++) { // warm-up: JIT and the key cache
                verifier.verify(token);
            }
            List<Double> micros = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                long start = cpu.getCurrentThreadCpuTime();
                for (int i = 0; i < perRound; i++) {
                    verifier.verify(token);
                }
                micros.add((cpu.getCurrentThreadCpuTime() - start) / 1e3 / perRound);
            }
            double[] sorted =
                    micros.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            System.out.printf(
                    Locale.ROOT,
                    "OIDC verify: median %.1f us CPU per token (%.1f-%.1f), %d rounds of %d; rounds %s%n",
                    sorted[sorted.length / 2],
                    sorted[0],
                    sorted[sorted.length - 1],
                    rounds,
                    perRound,
                    Arrays.toString(micros.stream()
                            .map(m -> String.format(Locale.ROOT, "%.1f", m))
                            .toArray()));
        } finally {
            jwks.stop(0);
        }
    }

    private static String jwks(KeyPair key) throws Exception {
        RSAPublicKey pub = (RSAPublicKey) key.getPublic();
        return new ObjectMapper()
                .writeValueAsString(Map.of(
                        "keys",
                        List.of(Map.of(
                                "kty", "RSA",
                                "kid", "k1",
                                "use", "sig",
                                "alg", "RS256",
                                "n",
                                        B64.encodeToString(
                                                unsigned(pub.getModulus().toByteArray())),
                                "e",
                                        B64.encodeToString(
                                                unsigned(pub.getPublicExponent().toByteArray()))))));
    }

    private static byte[] unsigned(byte[] b) {
        return b.length > 1 && b[0] == 0 ? Arrays.copyOfRange(b, 1, b.length) : b;
    }

    private static String jwt(KeyPair key) throws Exception {
        ObjectMapper json = new ObjectMapper();
        long now = Instant.now().getEpochSecond();
        String input = B64.encodeToString(json.writeValueAsBytes(Map.of("alg", "RS256", "typ", "JWT", "kid", "k1")))
                + "."
                + B64.encodeToString(json.writeValueAsBytes(Map.of(
                        "iss",
                        ISSUER,
                        "sub",
                        "user-123",
                        "preferred_username",
                        "alice",
                        "aud",
                        List.of("sightline", "account"),
                        "iat",
                        now,
                        "exp",
                        now + 86_400,
                        "realm_access",
                        Map.of("roles", List.of("offline_access", "agent")),
                        "agent_ids",
                        List.of("krios-1"))));
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(key.getPrivate());
        s.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + B64.encodeToString(s.sign());
    }
}
