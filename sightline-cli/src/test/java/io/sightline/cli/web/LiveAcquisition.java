package io.sightline.cli.web;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.agent.AgentConfig;
import io.sightline.agent.AgentRunner;
import io.sightline.agent.athena.testing.FakeAthena;
import io.sightline.agent.steer.SteeringConfig;
import io.sightline.server.auth.Role;
import io.sightline.server.testing.TestDatabase;
import io.sightline.server.testing.TestServer;
import io.sightline.simulate.epu.EpuSimulation;
import io.sightline.simulate.epu.EpuSimulator;
import io.sightline.simulate.epu.PlannedWrite;
import io.sightline.simulate.epu.SimulatedSession;
import io.sightline.simulate.epu.SimulationListener;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The whole live path the dashboard shows, from real parts: a real {@code sightline server} (its
 * composition root, {@code ServerApp}, on a loopback port over an H2 database that outlives it, so that
 * it can be stopped and started again on the same port), a simulated microscope writing an EPU session
 * into a visit folder while the test watches ({@code sightline-simulate}), and the real agent
 * ({@code AgentRunner}, the {@code sightline agent watch} composition root) delivering it, its steering
 * channel talking to a fake Athena Decision Service built from Athena's published contract (the one part
 * that cannot run here).
 *
 * <p>The microscope can be held: {@link #holdBefore} stops it just before the first file of a kind, so a
 * test can open a page first and then see the rest arrive live; {@link #holdBeforeEach} stops it before
 * every file of a kind, one {@link #release} each, so a test can look between two squares.
 */
public final class LiveAcquisition implements AutoCloseable {
    public static final String AGENT_ID = "krios-web";
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final Path dir;
    private final TestDatabase database = TestDatabase.h2();
    private final boolean tokens;
    private final FakeAthena athena;
    private TestServer server;
    private String agentToken;
    private AgentRunner agent;
    private CompletableFuture<SimulatedSession> writing;
    private final AtomicInteger filesWritten = new AtomicInteger();
    private volatile PlannedWrite.Kind holdKind;
    private volatile boolean holdEach;
    /** Holds reached so far. */
    private final AtomicInteger held = new AtomicInteger();
    /** One permit lets the microscope past one hold; closing hands out plenty. */
    private final Semaphore releases = new Semaphore(0);

    private LiveAcquisition(Path dir, boolean tokens) throws IOException {
        this.dir = dir;
        this.tokens = tokens;
        this.athena = FakeAthena.start();
        this.server = startServer(0);
        if (tokens) {
            agentToken = server.running().tokens().create(AGENT_ID, Role.AGENT).secret();
        }
    }

    /** A server open to loopback callers, as {@code sightline server} runs by default. */
    public static LiveAcquisition open(Path dir) throws IOException {
        return new LiveAcquisition(dir, false);
    }

    /**
     * A server that asks for tokens (once a token exists the server is no longer open): the agent gets
     * its own; {@link #token} makes the others.
     */
    public static LiveAcquisition withTokens(Path dir) throws IOException {
        return new LiveAcquisition(dir, true);
    }

    private TestServer startServer(int port) {
        return TestServer.startSharing(database, c -> c.withPort(port), b -> b);
    }

    public TestServer server() {
        return server;
    }

    public FakeAthena athena() {
        return athena;
    }

    public AgentRunner agent() {
        return agent;
    }

    /** The dashboard's address of {@code path} ({@code /}, {@code /ui/...}). */
    public URI page(String path) {
        return server.uri(path);
    }

    /** A new token of {@code role} for a person called {@code name}. */
    public String token(String name, Role role) {
        return server.running().tokens().create(name, role).secret();
    }

    /** The microscope stops just before writing the first file of {@code kind}, until {@link #release}. */
    public LiveAcquisition holdBefore(PlannedWrite.Kind kind) {
        this.holdKind = kind;
        return this;
    }

    /** The microscope stops before every file of {@code kind}, each time until {@link #release}. */
    public LiveAcquisition holdBeforeEach(PlannedWrite.Kind kind) {
        this.holdKind = kind;
        this.holdEach = true;
        return this;
    }

    /** Starts the agent watching the visit folder and delivering to the server, with steering to Athena. */
    public LiveAcquisition startAgent() throws IOException {
        return startAgent(SteeringConfig.DEFAULTS);
    }

    /**
     * Links the agent's steering to {@code acquisitionUuid}: the dashboard steers an acquisition through
     * the agent session opened for it, and the agent's own session (opened at start, before it has seen
     * any acquisition) names none. So a session is opened for the acquisition, as an operator does with
     * {@code POST /agent/{id}/sessions}, and the agent is restarted on it ({@code --session-id}).
     */
    public LiveAcquisition steerAcquisition(String acquisitionUuid) throws IOException, InterruptedException {
        TestServer.Response opened = tokens
                ? server.postAs(
                        adminToken(),
                        "/agent/" + AGENT_ID + "/sessions",
                        java.util.Map.of("name", "web steering", "acquisition_uuid", acquisitionUuid))
                : server.post(
                        "/agent/" + AGENT_ID + "/sessions",
                        java.util.Map.of("name", "web steering", "acquisition_uuid", acquisitionUuid));
        if (opened.status() != 201) {
            throw new AssertionError("opening a session answered " + opened.status() + ": " + opened.body());
        }
        agent.close();
        startAgent(SteeringConfig.DEFAULTS.withSessionId(
                opened.json().get("session_id").asText()));
        if (!agent.steering().awaitSession(WAIT)) {
            throw new AssertionError("the agent did not take up session " + opened.body());
        }
        return this;
    }

    private LiveAcquisition startAgent(SteeringConfig steering) throws IOException {
        Path visit = Files.createDirectories(dir.resolve("visit"));
        AgentConfig config = AgentConfig.of(visit, server.uri(""), AGENT_ID)
                .withToken(agentToken)
                .withStateDir(dir.resolve("agent"))
                .withSettle(Duration.ofMillis(100))
                .withPollInterval(Duration.ofMillis(200))
                .withDrainTimeout(Duration.ofMillis(500))
                .withSteering(steering.withAthenaUrl(athena.url()).withHeartbeatInterval(Duration.ofMillis(500)));
        agent = new AgentRunner(config, line -> {}).start();
        return this;
    }

    /** Starts the microscope writing {@code options} into the visit folder, on its own thread. */
    public LiveAcquisition startWriting(EpuSimulation options) throws IOException {
        Path visit = Files.createDirectories(dir.resolve("visit"));
        List<PlannedWrite> plan = EpuSimulator.plan(options).writes();
        SimulationListener listener = new SimulationListener() {
            @Override
            public void started(int totalWrites) {
                holdIfNext(plan, 0);
            }

            @Override
            public void fileWritten(Path file, PlannedWrite.Kind kind, int index, int total, long bytes) {
                filesWritten.incrementAndGet();
                holdIfNext(plan, index); // index is 1-based: plan.get(index) is the next write
            }
        };
        writing = CompletableFuture.supplyAsync(() -> {
            try {
                return EpuSimulator.write(visit, options, listener);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        return this;
    }

    /** The simulator writes in plan order, so the kind of the next write is known from the plan. */
    private void holdIfNext(List<PlannedWrite> plan, int next) {
        if (holdKind != null
                && (holdEach || held.get() == 0)
                && next < plan.size()
                && plan.get(next).kind() == holdKind) {
            held.incrementAndGet();
            try {
                releases.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public int filesWritten() {
        return filesWritten.get();
    }

    /** Waits until the microscope reaches the (first) hold set by {@link #holdBefore}. */
    public void awaitHeld() {
        awaitHeld(1);
    }

    /** Waits until the microscope stands at its {@code n}-th hold (counted from 1). */
    public void awaitHeld(int n) {
        await().atMost(WAIT).until(() -> held.get() >= n);
    }

    /** Lets a held microscope go past one hold. */
    public void release() {
        releases.release();
    }

    /** Waits until the microscope has written everything; answers what it wrote. */
    public SimulatedSession awaitWritten() throws Exception {
        holdKind = null; // no more holds
        releases.release(Integer.MAX_VALUE / 2);
        return writing.get(WAIT.toSeconds() * 3, TimeUnit.SECONDS);
    }

    public Path visit() {
        return dir.resolve("visit");
    }

    /** Waits until the server lists {@code n} entities at {@code path} (a SmartEM list such as {@code /gridsquares}). */
    public JsonNode awaitList(String path, int n) {
        List<JsonNode> last = new ArrayList<>();
        await().atMost(WAIT).until(() -> {
            JsonNode list = read(path + (path.contains("?") ? "&" : "?") + "limit=10000");
            last.clear();
            list.forEach(last::add);
            return list.size() == n;
        });
        return read(path + (path.contains("?") ? "&" : "?") + "limit=10000");
    }

    /** A GET of the API as an admin would (or open, without tokens). */
    public JsonNode read(String path) {
        TestServer.Response response = tokens ? server.getAs(adminToken(), path) : server.get(path);
        if (response.status() != 200) {
            throw new AssertionError("GET " + path + " answered " + response.status() + ": " + response.body());
        }
        return response.json();
    }

    private String admin;

    private synchronized String adminToken() {
        if (admin == null) {
            admin = token("test-admin", Role.ADMIN);
        }
        return admin;
    }

    /** The one acquisition the agent created. */
    public String acquisitionUuid() {
        await().atMost(WAIT).until(() -> read("/acquisitions").size() == 1);
        return read("/acquisitions").get(0).path("uuid").asText();
    }

    /**
     * Stops the server (as Ctrl-C would: its streams are told it is shutting down) and starts a new one on
     * the same port and the same database, so that open pages and the agent find it again at the same address.
     */
    public void restartServer() {
        int port = server.port();
        server.close();
        server = startServer(port);
    }

    /** Stops the server and leaves it down until {@link #startServerAgain}. */
    public int stopServer() {
        int port = server.port();
        server.close();
        return port;
    }

    public void startServerAgain(int port) {
        server = startServer(port);
    }

    @Override
    public void close() {
        holdKind = null;
        releases.release(Integer.MAX_VALUE / 2);
        try {
            if (agent != null) {
                agent.close();
            }
        } finally {
            try {
                server.close();
            } finally {
                athena.close();
                database.close();
            }
        }
    }
}
