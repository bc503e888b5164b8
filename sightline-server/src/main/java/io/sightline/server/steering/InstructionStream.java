package io.sightline.server.steering;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One session's open instruction stream, run by its own (virtual) thread.
 *
 * <p>The database is the truth: the stream holds no queue. It reads the session's deliverable
 * instructions when it opens (every non-final one), whenever it is {@link #wake woken} (new or
 * retried instructions: the pending ones) and at every heartbeat, and each time first checks that
 * its connection is still open and its session active. So a replacement, a stale-connection close or
 * a session close made by any server reaches it through the database, and the signal only makes it
 * react at once. Each successful write to the client counts as the connection's heartbeat: only a
 * connection whose stream no longer writes (its server died) goes stale.
 */
final class InstructionStream {
    private static final Logger log = LoggerFactory.getLogger(InstructionStream.class);

    private final SteeringStore store;
    private final ObjectMapper mapper;
    private final AgentSession session;
    private final AgentConnection connection;
    private final String lastEventId;
    private final Duration heartbeat;
    private OutputStream out;
    private final Semaphore wakeups = new Semaphore(0);
    private volatile String ending;

    InstructionStream(
            SteeringStore store,
            ObjectMapper mapper,
            AgentSession session,
            AgentConnection connection,
            String lastEventId,
            Duration heartbeat) {
        this.store = store;
        this.mapper = mapper;
        this.session = session;
        this.connection = connection;
        this.lastEventId = lastEventId;
        this.heartbeat = heartbeat;
    }

    String sessionId() {
        return session.sessionId();
    }

    String connectionId() {
        return connection.connectionId();
    }

    /** Makes the stream read the database now. */
    void wake() {
        if (wakeups.availablePermits() == 0) {
            wakeups.release();
        }
    }

    /** Ends the stream with a final {@code error} event carrying {@code code}. */
    void end(String code) {
        if (ending == null) {
            ending = code;
        }
        wake();
    }

    /** Streams until the client goes away or the stream is ended; closes the connection row either way. */
    void run(OutputStream output) {
        String reason = CloseReason.DISCONNECTED;
        try {
            out = output;
            write("retry: 2000\n\n");
            event(
                    null,
                    "connection",
                    base("connection")
                            .put("connection_id", connection.connectionId())
                            .put("agent_id", session.agentId())
                            .put("session_id", session.sessionId())
                            .put("status", "connected"));
            flush();
            boolean firstPass = true;
            while (true) {
                String stop = stopReason();
                if (stop != null) {
                    reason = stop;
                    String last = CloseReason.asksToReconnect(stop) ? "reconnect" : "error";
                    event(null, last, base(last).put("code", stop).put("message", message(stop)));
                    flush();
                    return; // the response ends and, being Connection: close, so does the connection
                }
                deliver(firstPass);
                firstPass = false;
                if (!wakeups.tryAcquire(heartbeat.toMillis(), TimeUnit.MILLISECONDS)) {
                    event(null, "heartbeat", base("heartbeat").put("connection_id", connection.connectionId()));
                    flush();
                    store.streamWrote(connection.connectionId(), session.sessionId());
                }
                wakeups.drainPermits();
            }
        } catch (IOException | UncheckedIOException e) {
            log.debug(
                    "instruction stream {} of session {} went away: {}",
                    connection.connectionId(),
                    session.sessionId(),
                    e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("instruction stream {} of session {} failed", connection.connectionId(), session.sessionId(), e);
        } finally {
            try {
                store.closeConnection(connection.connectionId(), reason);
            } catch (RuntimeException e) {
                log.warn("cannot record the close of connection {}", connection.connectionId(), e);
            }
        }
    }

    /** Why the stream must end now, or null. */
    private String stopReason() {
        if (ending != null) {
            return ending;
        }
        Optional<AgentConnection> row = store.connection(connection.connectionId());
        if (row.isEmpty() || !row.get().active()) {
            return row.map(AgentConnection::closeReason).orElse(CloseReason.SHUTDOWN);
        }
        if (store.session(session.sessionId()).map(s -> !s.active()).orElse(true)) {
            return CloseReason.SESSION_INACTIVE;
        }
        return null;
    }

    private void deliver(boolean everyNonFinal) throws IOException {
        List<Instruction> due = store.deliverable(session.sessionId(), everyNonFinal);
        boolean wrote = false;
        for (Instruction candidate : due) {
            if (everyNonFinal && candidate.instructionId().equals(lastEventId)) {
                continue; // the client said it has this one (recorded as received when the stream opened)
            }
            Optional<Instruction> sent = store.markSent(candidate.instructionId());
            if (sent.isEmpty()) {
                continue;
            }
            Instruction i = sent.get();
            ObjectNode data = base("instruction")
                    .put("instruction_id", i.instructionId())
                    .put("instruction_type", i.instructionType());
            data.set("payload", mapper.readTree(i.payloadJson()));
            data.put("priority", i.priority().wireName());
            if (i.sequenceNumber() == null) {
                data.putNull("sequence_number");
            } else {
                data.put("sequence_number", i.sequenceNumber());
            }
            data.put("created_at", i.createdAt().toString());
            data.put("expires_at", i.expiresAt() == null ? null : i.expiresAt().toString());
            data.put("delivery_count", i.deliveryCount());
            event(i.instructionId(), "instruction", data);
            wrote = true;
        }
        if (wrote) {
            flush();
            store.streamWrote(connection.connectionId(), session.sessionId());
        }
    }

    private ObjectNode base(String type) {
        return mapper.createObjectNode()
                .put("type", type)
                .put("timestamp", store.now().toString());
    }

    private static String message(String code) {
        return switch (code) {
            case CloseReason.REPLACED -> "a newer stream of this session replaced this one";
            case CloseReason.STALE -> "no heartbeat arrived in time; the connection was closed as stale";
            case CloseReason.SESSION_INACTIVE -> "the session is inactive";
            case CloseReason.SHUTDOWN -> "the server is shutting down";
            default -> "the connection was closed (" + code + ")";
        };
    }

    private void event(String id, String name, ObjectNode data) throws IOException {
        StringBuilder sb = new StringBuilder(256);
        if (id != null) {
            sb.append("id: ").append(id).append('\n');
        }
        sb.append("event: ").append(name).append('\n');
        sb.append("data: ").append(mapper.writeValueAsString(data)).append("\n\n");
        write(sb.toString());
    }

    private void write(String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
    }

    private void flush() throws IOException {
        out.flush();
    }
}
