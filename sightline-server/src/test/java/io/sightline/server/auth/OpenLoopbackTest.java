package io.sightline.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sightline.server.testing.TestDatabase;
import io.sightline.server.testing.TestServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The secure default: open on loopback without credentials, refuse elsewhere. */
class OpenLoopbackTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static int post(TestServer s, String secret) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(s.uri("/acquisitions"))
                .POST(HttpRequest.BodyPublishers.ofString(AccessControlTest.newAcquisition()));
        if (secret != null) {
            b.header("Authorization", "Bearer " + secret);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void aLoopbackServerWithoutTokensIsOpenUntilTheFirstTokenIsCreated() throws Exception {
        try (TestDatabase db = TestDatabase.h2()) {
            TokenStore tokens = new TokenStore(db.dataSource());
            // the default configuration: bound to 127.0.0.1, no token, no OIDC
            try (TestServer s = TestServer.start(db, c -> c, b -> b.routes(AccessControlTest::routes))) {
                assertThat(post(s, null)).isEqualTo(201);
                assertThat(HTTP.send(
                                        HttpRequest.newBuilder(s.uri("/whoami")).build(),
                                        HttpResponse.BodyHandlers.ofString())
                                .body())
                        .isEqualTo("anonymous");
                assertThat(post(s, "sl_wrong")).isEqualTo(401); // a presented credential is still checked

                // created beside the server, as `sightline token create` does: the server notices within its
                // token cache time (2 s)
                String viewer = tokens.create("first", Role.VIEWER).secret();
                org.awaitility.Awaitility.await()
                        .atMost(java.time.Duration.ofSeconds(5))
                        .until(() -> post(s, null) == 401);
                assertThat(post(s, viewer)).isEqualTo(403);
            }
        }
    }

    @Test
    void loopbackAddressesAreRecognised() {
        assertThat(StartupSecurityCheck.isLoopback("127.0.0.1")).isTrue();
        assertThat(StartupSecurityCheck.isLoopback("localhost")).isTrue();
        assertThat(StartupSecurityCheck.isLoopback("::1")).isTrue();
        assertThat(StartupSecurityCheck.isLoopback("0.0.0.0")).isFalse();
        assertThat(StartupSecurityCheck.isLoopback("")).isFalse();
        assertThat(StartupSecurityCheck.isLoopback(null)).isFalse();
    }

    @Test
    void aServerBoundBeyondLoopbackRefusesToStartWithoutTokensOrOidc() {
        StartupSecurityCheck.check("127.0.0.1", false, false);
        StartupSecurityCheck.check("0.0.0.0", true, false);
        StartupSecurityCheck.check("0.0.0.0", false, true);
        assertThatThrownBy(() -> StartupSecurityCheck.check("0.0.0.0", false, false))
                .isInstanceOf(StartupSecurityCheck.InsecureStartupException.class)
                .hasMessageContaining("refusing to listen on 0.0.0.0")
                .hasMessageContaining("sightline token create");
        assertThatThrownBy(() -> StartupSecurityCheck.check(null, false, false)).hasMessageContaining("all interfaces");
    }

    @Test
    void theCheckUsesTheTokenStoreStateAsTheCompositionRootWould() {
        try (TestDatabase db = TestDatabase.h2()) {
            TokenStore tokens = new TokenStore(db.dataSource());
            assertThatThrownBy(() -> StartupSecurityCheck.check("0.0.0.0", tokens.hasActiveTokens(), false))
                    .isInstanceOf(StartupSecurityCheck.InsecureStartupException.class);
            tokens.create("ops", Role.ADMIN);
            StartupSecurityCheck.check("0.0.0.0", tokens.hasActiveTokens(), false);
            tokens.revoke("ops");
            assertThatThrownBy(() -> StartupSecurityCheck.check("0.0.0.0", tokens.hasActiveTokens(), false))
                    .isInstanceOf(StartupSecurityCheck.InsecureStartupException.class);
        }
    }
}
