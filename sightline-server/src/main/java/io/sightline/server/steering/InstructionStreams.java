package io.sightline.server.steering;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.sightline.server.http.ApiException;
import io.sightline.server.sse.SseResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The instruction streams this server holds, at most one per session: a newer stream of a session
 * ends the older one with {@code error} code {@code replaced} (here directly; on another server
 * through the connection row it closed and the signal). Each stream runs on its own virtual thread.
 */
public final class InstructionStreams implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(InstructionStreams.class);

    private final SteeringStore store;
    private final ObjectMapper mapper;
    private final Duration heartbeat;
    private final Map<String, InstructionStream> bySession = new ConcurrentHashMap<>();
    private final ExecutorService runners = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("instruction-stream-", 0).factory());
    private volatile boolean closed;

    public InstructionStreams(SteeringStore store, ObjectMapper mapper, Duration heartbeat) {
        this.store = Objects.requireNonNull(store, "store");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.heartbeat = Objects.requireNonNull(heartbeat, "heartbeat");
    }

    /** Streams held by this server. */
    public int size() {
        return bySession.size();
    }

    /**
     * Serves the session's stream on this request. {@code lastEventId} (or null) names an instruction
     * the client already has: it is recorded as received and not sent again on this connection.
     *
     * @param signal told after the connection is recorded, so that a stream of the same session held by
     *     another server sees that it was replaced
     */
    public void open(Context ctx, AgentSession session, String lastEventId, SteeringSignal signal) {
        if (closed) {
            throw ApiException.unavailable("the server is shutting down");
        }
        AgentConnection connection = store.openConnection(session, ctx.ip());
        if (lastEventId != null) {
            recordReceived(session.sessionId(), lastEventId);
        }
        InstructionStream stream = new InstructionStream(store, mapper, session, connection, lastEventId, heartbeat);
        InstructionStream previous = bySession.put(session.sessionId(), stream);
        if (previous != null) {
            previous.end(CloseReason.REPLACED);
        }
        signal.signal(session.sessionId());
        SseResponse.begin(ctx);
        try {
            ctx.async(
                    cfg -> {
                        cfg.timeout = 0;
                        cfg.executor = runners;
                    },
                    () -> {
                        try {
                            stream.run(ctx.res().getOutputStream());
                        } finally {
                            bySession.remove(session.sessionId(), stream);
                        }
                    });
        } catch (RejectedExecutionException e) {
            bySession.remove(session.sessionId(), stream);
            store.closeConnection(connection.connectionId(), CloseReason.SHUTDOWN);
            throw ApiException.unavailable("the server is shutting down");
        }
    }

    /** The client has {@code instructionId}: record {@code received} unless it has an ack already. */
    private void recordReceived(String sessionId, String instructionId) {
        store.instruction(instructionId)
                .filter(i -> i.sessionId().equals(sessionId)
                        && i.ackStatus() == null
                        && !i.status().isFinal())
                .ifPresent(i -> {
                    if (i.status() == InstructionStatus.PENDING) {
                        store.markSent(instructionId); // it was delivered before a retry reset it: it counts as sent
                    }
                    store.acknowledge(sessionId, instructionId, Acknowledgement.received());
                });
    }

    /** Makes the session's stream on this server (if any) read the database now. */
    public void wake(String sessionId) {
        InstructionStream stream = bySession.get(sessionId);
        if (stream != null) {
            stream.wake();
        }
    }

    public void wakeAll() {
        bySession.values().forEach(InstructionStream::wake);
    }

    /** Ends every stream with {@code error} code {@code shutdown} and waits briefly for them to finish. */
    @Override
    public void close() {
        closed = true;
        bySession.values().forEach(s -> s.end(CloseReason.SHUTDOWN));
        runners.shutdown();
        try {
            if (!runners.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("{} instruction streams did not finish after shutdown", bySession.size());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
