package io.sightline.agent.steer;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.sightline.agent.client.BackendClient;
import io.sightline.agent.client.Failures;
import io.sightline.agent.outbox.AgentStore;
import io.sightline.core.wire.SessionField;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One agent's steering channel: opens (or joins) its session, then keeps the instruction stream open,
 * dispatches instructions, sends heartbeats and ships logs. Opening the session is retried with backoff
 * in the background, so an agent started while the server is away still starts (its outbox keeps the data).
 */
public final class SteeringChannel implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SteeringChannel.class);

    private final BackendClient backend;
    private final String agentId;
    private final SteeringConfig config;
    private final AgentStore store;
    private final LogShipper logs;
    private final Function<String, HandlerRegistry> handlersForSession;
    private final CountDownLatch sessionOpen = new CountDownLatch(1);
    private final Object wake = new Object();
    private volatile boolean running;
    private volatile String sessionId;
    private volatile InstructionDispatcher dispatcher;
    private volatile SseClient stream;
    private volatile Heartbeats heartbeats;
    private volatile Duration heartbeatInterval;
    private volatile AckListener ackListener = AckListener.NONE;
    private Thread opener;

    /**
     * @param logs               ships the agent's log records once the session is known (may hold records already)
     * @param handlersForSession the handlers, given the session id (Athena steering names its session after it)
     */
    public SteeringChannel(
            BackendClient backend,
            String agentId,
            SteeringConfig config,
            AgentStore store,
            LogShipper logs,
            Function<String, HandlerRegistry> handlersForSession) {
        this.backend = backend;
        this.agentId = agentId;
        this.config = config;
        this.store = store;
        this.logs = logs;
        this.handlersForSession = handlersForSession;
        this.heartbeatInterval = config.heartbeatInterval();
    }

    public synchronized SteeringChannel start() {
        running = true;
        opener = Thread.ofPlatform().daemon().name("sightline-steer-start").start(this::openAndRun);
        return this;
    }

    /** Tells {@code listener} of every acknowledgement the server accepted; set it before {@link #start()}. */
    public SteeringChannel ackListener(AckListener listener) {
        this.ackListener = java.util.Objects.requireNonNull(listener, "listener");
        return this;
    }

    /** The session, once opened or joined. */
    public Optional<String> sessionId() {
        return Optional.ofNullable(sessionId);
    }

    /** Waits for the session to be open and the stream started. */
    public boolean awaitSession(Duration timeout) throws InterruptedException {
        return sessionOpen.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The dispatcher, once the session is open (null before). */
    public InstructionDispatcher dispatcher() {
        return dispatcher;
    }

    /** The instruction stream client, once the session is open (null before). */
    public SseClient stream() {
        return stream;
    }

    /** Changes the heartbeat interval (zero: off), now or when heartbeats start. */
    public synchronized void heartbeatInterval(Duration value) {
        heartbeatInterval = value;
        if (heartbeats != null) {
            heartbeats.interval(value);
        }
    }

    public Duration heartbeatInterval() {
        return heartbeatInterval;
    }

    private void openAndRun() {
        String id = config.sessionId();
        Backoff backoff = Backoff.DEFAULT;
        int attempt = 0;
        while (running && id == null) {
            try {
                id = openSession();
            } catch (IOException | RuntimeException e) {
                Duration wait = backoff.delay(
                        attempt++, () -> ThreadLocalRandom.current().nextDouble());
                if (attempt == 1 || attempt % 10 == 0) {
                    LOG.warn(
                            "cannot open a steering session on {} yet ({}); trying again in {} s (attempt {};"
                                    + " data delivery does not wait for it)",
                            backend.base(),
                            Failures.describe(e),
                            wait.toMillis() / 1000.0,
                            attempt);
                }
                synchronized (wake) {
                    try {
                        if (running) {
                            wake.wait(wait.toMillis());
                        }
                    } catch (InterruptedException ie) {
                        return;
                    }
                }
            } catch (InterruptedException e) {
                return;
            }
        }
        if (!running) {
            return;
        }
        String session = id;
        sessionId = session;
        synchronized (this) {
            if (!running) {
                return;
            }
            AckListener acks = ackListener;
            dispatcher = new InstructionDispatcher(handlersForSession.apply(session), store, (instructionId, body) -> {
                int status = backend.acknowledge(agentId, session, instructionId, body)
                        .status();
                if (status / 100 == 2) {
                    acks.accepted(instructionId, body);
                }
                return status;
            });
            stream = new SseClient(
                            (last, handler) -> backend.openInstructionStream(agentId, session, last, handler),
                            new StreamListener(dispatcher),
                            Backoff.DEFAULT,
                            config.sseTimeout(),
                            Duration.ofSeconds(10),
                            () -> ThreadLocalRandom.current().nextDouble(),
                            "sightline-instructions")
                    .start();
            heartbeats = new Heartbeats(
                            () -> backend.heartbeat(
                                            agentId,
                                            session,
                                            HeartbeatBody.of(store.figures(
                                                    Clock.systemUTC().instant())))
                                    .status(),
                            heartbeatInterval)
                    .start();
            logs.start(body -> backend.logs(agentId, session, body).status());
        }
        LOG.info("steering: session {} of agent {}; {}", session, agentId, config.describe());
        sessionOpen.countDown();
    }

    private String openSession() throws IOException, InterruptedException {
        var body = JsonNodeFactory.instance
                .objectNode()
                .put(
                        SessionField.NAME.wireName(),
                        agentId + " " + Clock.systemUTC().instant());
        BackendClient.Answer a = backend.openSession(agentId, body.toString());
        if (!a.ok() || !a.json().hasNonNull("session_id")) {
            throw new IOException("POST /agent/" + agentId + "/sessions answered " + a.status() + " " + a.body());
        }
        String id = a.json().get("session_id").asText();
        LOG.info("opened steering session {}", id);
        return id;
    }

    /** Turns stream events into dispatcher calls and log lines. */
    private static final class StreamListener implements SseListener {
        private final InstructionDispatcher dispatcher;

        StreamListener(InstructionDispatcher dispatcher) {
            this.dispatcher = dispatcher;
        }

        @Override
        public void onOpen(int connection) {
            LOG.info("instruction stream open (connection {})", connection);
            // the server is back: acks given up on while it was away go now (a Last-Event-ID reconnect
            // does not redeliver that instruction, so waiting for a redelivery could wait forever)
            dispatcher.resendUndelivered();
        }

        @Override
        public void onEvent(SseEvent event) {
            switch (event.event()) {
                case "instruction" -> {
                    try {
                        dispatcher.offer(Instruction.parse(event.data()));
                    } catch (IllegalArgumentException e) {
                        LOG.warn("ignored a malformed instruction event: {}", e.getMessage());
                    }
                }
                case "error" -> LOG.warn("the server is closing the instruction stream: {}", event.data());
                case "reconnect" -> LOG.info("the server asks to reconnect the instruction stream: {}", event.data());
                case "connection" -> LOG.debug("stream connection: {}", event.data());
                default -> LOG.debug("stream event {}: {}", event.event(), event.data());
            }
        }

        @Override
        public void onClosed(String reason, Duration retryIn) {
            LOG.warn("instruction stream closed ({}); reconnecting in {} ms", reason, retryIn.toMillis());
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            running = false;
        }
        synchronized (wake) {
            wake.notifyAll();
        }
        if (opener != null) {
            opener.interrupt();
        }
        if (stream != null) {
            stream.close();
        }
        if (heartbeats != null) {
            heartbeats.close();
        }
        if (dispatcher != null) {
            dispatcher.close();
        }
        logs.close();
    }
}
