package io.sightline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.javalin.http.HttpResponseException;
import io.sightline.server.api.ApiRole;
import io.sightline.server.auth.Role;
import io.sightline.server.http.Operation;
import io.sightline.server.testing.TestDatabase;
import io.sightline.server.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The composition root: its seams, its defaults and its shutdown. */
class ServerAppTest {

    @Test
    void closeLetsRequestsInFlightFinish() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        TestServer server = TestServer.start(
                TestDatabase.h2(),
                c -> c.withShutdownGrace(Duration.ofSeconds(10)),
                b -> b.routes(routes -> routes.get("/slow", Operation.of("slow", ""), ctx -> {
                    entered.countDown();
                    release.await(10, TimeUnit.SECONDS);
                    ctx.result("done");
                })));
        CompletableFuture<TestServer.Response> slow = CompletableFuture.supplyAsync(() -> server.get("/slow"));
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
        release.countDown();
        closing.get(20, TimeUnit.SECONDS);

        assertThat(slow.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
        assertThat(slow.get().body()).isEqualTo("done");
    }

    @Test
    void accessControlSeesTheRoleEachRouteNeedsAndCanRefuse() {
        try (TestServer server = TestServer.start(
                TestDatabase.h2(),
                c -> c,
                b -> b.accessControl(ctx -> {
                    if (ctx.routeRoles().contains(ApiRole.WRITE) && !"agent".equals(ctx.header("X-Test-Role"))) {
                        throw new HttpResponseException(403, "agents only");
                    }
                }))) {
            String acquisition = UUID.randomUUID().toString();
            TestServer.Response refused = server.post("/acquisitions", Map.of("uuid", acquisition));
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(server.get("/acquisitions").status()).isEqualTo(200);
            assertThat(server.get("/status").status()).isEqualTo(200);
            assertThat(ApiRole.WRITE.role()).isEqualTo(Role.AGENT);
            assertThat(ApiRole.READ.role()).isEqualTo(Role.VIEWER);
        }
    }

    @Test
    void eventSinkHearsAboutApiWritesAfterCommit() {
        try (TestServer server = TestServer.start()) {
            String acquisition = UUID.randomUUID().toString();
            server.post("/acquisitions", Map.of("uuid", acquisition, "name", "a"));
            assertThat(server.events().events()).singleElement().satisfies(e -> {
                assertThat(e.type()).isEqualTo("acquisition.created");
                assertThat(e.acquisitionUuid()).isEqualTo(acquisition);
                assertThat(e.payloadJson()).contains("\"name\":\"a\"");
            });
        }
    }

    @Test
    void defaultsAreLoopbackPort8000AndAnH2FileUnderTheDataDir() {
        ServerConfig config = ServerConfig.defaults(Path.of("/var/lib/sightline"));
        assertThat(config.bind()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(8000);
        assertThat(config.jdbcUrl()).startsWith("jdbc:h2:file:/var/lib/sightline/sightline;MODE=PostgreSQL");
        assertThat(config.amqpUri()).isNull();
        assertThat(config.isLoopback()).isTrue();
        assertThat(config.requireAuth()).isFalse();
        assertThat(config.metricsPublic()).isFalse(); // /metrics needs a viewer once authentication is on
        assertThat(config.oidcConfigured()).isFalse();
        assertThat(config.sseHeartbeat()).isEqualTo(java.time.Duration.ofSeconds(15));
        assertThat(config.sseQueueSize()).isEqualTo(10_000);
        assertThat(config.replayWindow()).isEqualTo(io.sightline.server.events.ReplayWindow.DEFAULT);
        assertThat(config.withBind("0.0.0.0").isLoopback()).isFalse();
    }

    @Test
    void aReplayWindowSmallerThanTwoStreamQueuesOrTenMinutesIsRefusedNamingBoth() {
        ServerConfig base = ServerConfig.defaults(Path.of("/tmp/x"));
        assertThat(base.replayWindow().maxEvents())
                .as("the default window holds two default queues")
                .isGreaterThanOrEqualTo(2L * base.sseQueueSize());
        assertThatThrownBy(() -> base.withSseQueueSize(50_001))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("replay window (100000 events)")
                .hasMessageContaining("2 x 50001");
        assertThatThrownBy(() -> base.withReplayWindow(
                        new io.sightline.server.events.ReplayWindow(19_999, java.time.Duration.ofHours(1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 x 10000");
        assertThatThrownBy(() -> base.withReplayWindow(
                        new io.sightline.server.events.ReplayWindow(100_000, java.time.Duration.ofMinutes(9))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("age");
        assertThat(base.withReplayWindow(
                                new io.sightline.server.events.ReplayWindow(20_000, java.time.Duration.ofMinutes(10)))
                        .replayWindow()
                        .maxEvents())
                .isEqualTo(20_000);
    }

    @Test
    void oidcNeedsAnIssuerAndAJwksUriAndTheRoleClaimDefaultsToRoles() {
        ServerConfig base = ServerConfig.defaults(Path.of("/tmp/x"));
        ServerConfig oidc =
                base.withOidc("https://idp.example/realms/em", "https://idp.example/certs", "sightline", null);
        assertThat(oidc.oidcConfigured()).isTrue();
        assertThat(oidc.oidcRoleClaim()).isEqualTo("roles");
        assertThat(oidc.toString()).contains("issuer=https://idp.example/realms/em", "audience=sightline");
        assertThatThrownBy(() -> base.withOidc("https://idp.example/realms/em", null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void loggedConfigurationMasksSecrets() {
        ServerConfig config = ServerConfig.defaults(Path.of("/tmp/x"))
                .withDatabase("jdbc:postgresql://db/sightline?password=hunter2", "app", "hunter2")
                .withAmqpUri("amqp://guest:sesame@broker:5672/")
                .withOidc("https://idp.example/realms/em", "https://svc:s3cret@idp.example/certs", null, null);
        assertThat(config.toString())
                .doesNotContain("hunter2")
                .doesNotContain("s3cret")
                .doesNotContain("sesame")
                .contains("amqp://guest:****@broker");
    }

    @Test
    void embeddedDefaultsStartWithAnH2FileDatabase(@org.junit.jupiter.api.io.TempDir Path dataDir) {
        ServerConfig config = ServerConfig.defaults(dataDir).withPort(0);
        try (ServerApp.Running running = ServerApp.builder(config).build().start()) {
            assertThat(running.port()).isPositive();
            assertThat(running.routes()).contains("POST /api/v1/ingest", "GET /acquisitions");
            assertThat(running.database().dialect().name()).isEqualTo("H2");
        }
        assertThat(dataDir.resolve("sightline.mv.db")).exists();
        assertThat(List.of(dataDir.toFile().list())).isNotEmpty();
    }
}
