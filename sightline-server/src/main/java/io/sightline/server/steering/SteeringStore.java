package io.sightline.server.steering;

import io.sightline.core.wire.AckStatus;
import io.sightline.core.wire.Priority;
import io.sightline.server.persistence.DataException;
import io.sightline.server.persistence.StorageException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Sessions, connections, instructions, acknowledgements and agent logs in the database (plain JDBC).
 * Every state change is one statement or one transaction, so that several servers on one database
 * agree; an acknowledgement holds the instruction's row lock while {@link AckRules} decides.
 */
public final class SteeringStore {

    private static final String INSTRUCTION_COLUMNS = "instruction_id, session_id, agent_id, instruction_type, payload,"
            + " priority_rank, sequence_number, status, created_at, sent_at, expires_at, retry_count, max_retries,"
            + " delivery_count, ack_status, ack_result, ack_error_message, processing_time_ms, processed_at, acknowledged_at,"
            + " client_processed_at";
    private static final String SESSION_COLUMNS = "session_id, agent_id, acquisition_uuid, name, metadata, status,"
            + " created_at, last_activity_at, ended_at";
    private static final String CONNECTION_COLUMNS = "connection_id, session_id, agent_id, status, client_address,"
            + " created_at, last_heartbeat_at, closed_at, close_reason";

    private final DataSource dataSource;
    private final Clock clock;
    private final InstructionListener listener;

    /** Told after an instruction's lifecycle changed and the change committed (the dashboard's live log). */
    @FunctionalInterface
    public interface InstructionListener {
        InstructionListener NONE = (instruction, session) -> {};

        void changed(Instruction instruction, AgentSession session);
    }

    public SteeringStore(DataSource dataSource, Clock clock) {
        this(dataSource, clock, InstructionListener.NONE);
    }

    public SteeringStore(DataSource dataSource, Clock clock, InstructionListener listener) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** Tells the listener about an instruction as it now is (after its change committed). */
    private void announce(String instructionId) {
        if (listener == InstructionListener.NONE) {
            return;
        }
        instruction(instructionId).ifPresent(i -> session(i.sessionId()).ifPresent(s -> listener.changed(i, s)));
    }

    /** The current time at the database's precision (microseconds). */
    public Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    // ---- sessions

    public AgentSession createSession(String agentId, String name, String acquisitionUuid, String metadataJson) {
        return createSession(null, agentId, name, acquisitionUuid, metadataJson);
    }

    /**
     * A new session under {@code sessionId} (the caller's choice, as SmartEM's debug endpoints allow), or
     * under a new UUID when it is null.
     *
     * @throws io.sightline.server.http.ApiException 409 when a session has that id already
     */
    public AgentSession createSession(
            String sessionId, String agentId, String name, String acquisitionUuid, String metadataJson) {
        if (sessionId != null && session(sessionId).isPresent()) {
            throw io.sightline.server.http.ApiException.conflict("a session " + sessionId + " exists already");
        }
        Instant now = now();
        AgentSession session = new AgentSession(
                sessionId != null ? sessionId : UUID.randomUUID().toString(),
                agentId,
                acquisitionUuid,
                name != null ? name : "Session-" + now.truncatedTo(ChronoUnit.SECONDS),
                metadataJson,
                AgentSession.ACTIVE,
                now,
                now,
                null);
        update(
                "create session",
                "INSERT INTO agent_session (" + SESSION_COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?)",
                session.sessionId(),
                agentId,
                acquisitionUuid,
                session.name(),
                metadataJson,
                session.status(),
                now,
                now,
                null);
        return session;
    }

    public Optional<AgentSession> session(String sessionId) {
        return query(
                        "read session",
                        "SELECT " + SESSION_COLUMNS + " FROM agent_session WHERE session_id = ?",
                        SteeringStore::session,
                        sessionId)
                .stream()
                .findFirst();
    }

    /** The session, if it exists and belongs to {@code agentId}; else 404 naming both. */
    public AgentSession sessionOf(String agentId, String sessionId) {
        return session(sessionId)
                .filter(s -> s.agentId().equals(agentId))
                .orElseThrow(() -> new DataException.NotFound("agent " + agentId + " has no session " + sessionId));
    }

    public List<AgentSession> sessions() {
        return query(
                "list sessions",
                "SELECT " + SESSION_COLUMNS + " FROM agent_session ORDER BY created_at, session_id",
                SteeringStore::session);
    }

    /** Records activity (stream, heartbeat, ack, logs) so the session does not go inactive. */
    public void touchSession(String sessionId) {
        update("touch session", "UPDATE agent_session SET last_activity_at = ? WHERE session_id = ?", now(), sessionId);
    }

    /**
     * Links a session that names no acquisition to one (a linked session keeps its link) and answers the
     * session as it is now. An agent opens its session before it has seen its acquisition; an operator who
     * steers an acquisition through that session has said which acquisition it serves.
     */
    public Optional<AgentSession> linkAcquisition(String sessionId, String acquisitionUuid) {
        update(
                "link session " + sessionId,
                "UPDATE agent_session SET acquisition_uuid = ? WHERE session_id = ? AND acquisition_uuid IS NULL",
                acquisitionUuid,
                sessionId);
        return session(sessionId);
    }

    /** Marks the session inactive and closes its connections; false when it was not active. */
    public boolean closeSession(String sessionId) {
        Instant now = now();
        return transaction("close session", c -> {
            int changed = update(
                    c,
                    "UPDATE agent_session SET status = ?, ended_at = ? WHERE session_id = ? AND status = ?",
                    AgentSession.INACTIVE,
                    now,
                    sessionId,
                    AgentSession.ACTIVE);
            update(
                    c,
                    "UPDATE agent_connection SET status = ?, closed_at = ?, close_reason = ? WHERE session_id = ? AND status = ?",
                    AgentConnection.CLOSED,
                    now,
                    CloseReason.SESSION_INACTIVE,
                    sessionId,
                    AgentConnection.ACTIVE);
            return changed > 0;
        });
    }

    // ---- connections

    /**
     * Opens a connection for the session and closes the session's other active connections (reason
     * {@code replaced}), in one transaction: a session has at most one open stream.
     */
    public AgentConnection openConnection(AgentSession session, String clientAddress) {
        Instant now = now();
        AgentConnection connection = new AgentConnection(
                UUID.randomUUID().toString(),
                session.sessionId(),
                session.agentId(),
                AgentConnection.ACTIVE,
                clientAddress,
                now,
                now,
                null,
                null);
        transaction("open connection", c -> {
            update(
                    c,
                    "UPDATE agent_connection SET status = ?, closed_at = ?, close_reason = ? WHERE session_id = ? AND status = ?",
                    AgentConnection.CLOSED,
                    now,
                    CloseReason.REPLACED,
                    session.sessionId(),
                    AgentConnection.ACTIVE);
            update(
                    c,
                    "INSERT INTO agent_connection (" + CONNECTION_COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?)",
                    connection.connectionId(),
                    session.sessionId(),
                    session.agentId(),
                    AgentConnection.ACTIVE,
                    clientAddress,
                    now,
                    now,
                    null,
                    null);
            update(c, "UPDATE agent_session SET last_activity_at = ? WHERE session_id = ?", now, session.sessionId());
            return null;
        });
        return connection;
    }

    public Optional<AgentConnection> connection(String connectionId) {
        return query(
                        "read connection",
                        "SELECT " + CONNECTION_COLUMNS + " FROM agent_connection WHERE connection_id = ?",
                        SteeringStore::connection,
                        connectionId)
                .stream()
                .findFirst();
    }

    public List<AgentConnection> activeConnections() {
        return query(
                "list connections",
                "SELECT " + CONNECTION_COLUMNS + " FROM agent_connection WHERE status = ?"
                        + " ORDER BY created_at, connection_id",
                SteeringStore::connection,
                AgentConnection.ACTIVE);
    }

    /** Closes the connection if it is still active; false when it was closed already. */
    public boolean closeConnection(String connectionId, String reason) {
        return update(
                        "close connection",
                        "UPDATE agent_connection SET status = ?, closed_at = ?, close_reason = ?"
                                + " WHERE connection_id = ? AND status = ?",
                        AgentConnection.CLOSED,
                        now(),
                        reason,
                        connectionId,
                        AgentConnection.ACTIVE)
                > 0;
    }

    /**
     * A stream wrote to its client: an open stream whose writes succeed is alive, so its connection
     * does not go stale and its session does not go idle, whether or not the agent sends heartbeats
     * (SmartEM's agent may run with them off).
     */
    public void streamWrote(String connectionId, String sessionId) {
        Instant now = now();
        transaction("stream wrote", c -> {
            update(
                    c,
                    "UPDATE agent_connection SET last_heartbeat_at = ? WHERE connection_id = ? AND status = ?",
                    now,
                    connectionId,
                    AgentConnection.ACTIVE);
            update(c, "UPDATE agent_session SET last_activity_at = ? WHERE session_id = ?", now, sessionId);
            return null;
        });
    }

    /**
     * An agent's heartbeat: the session is active now and so are its open connections.
     *
     * @return the session's open connection, if it has one
     */
    public Optional<String> heartbeat(String sessionId) {
        Instant now = now();
        return transaction("heartbeat", c -> {
            update(c, "UPDATE agent_session SET last_activity_at = ? WHERE session_id = ?", now, sessionId);
            update(
                    c,
                    "UPDATE agent_connection SET last_heartbeat_at = ? WHERE session_id = ? AND status = ?",
                    now,
                    sessionId,
                    AgentConnection.ACTIVE);
            return query(
                            c,
                            "SELECT connection_id FROM agent_connection WHERE session_id = ? AND status = ?"
                                    + " ORDER BY created_at DESC",
                            rs -> rs.getString(1),
                            sessionId,
                            AgentConnection.ACTIVE)
                    .stream()
                    .findFirst();
        });
    }

    // ---- instructions

    /** The stored instruction and whether this call created it (false: an identical one existed). */
    public record Created(Instruction instruction, boolean created) {}

    /**
     * Stores a new pending instruction. A repeated {@code instructionId} with the same type, payload,
     * priority, sequence number and retries answers the existing one; with other content it is a conflict.
     */
    public Created createInstruction(
            AgentSession session, NewInstruction request, java.util.function.BiPredicate<String, String> samePayload) {
        String id = request.instructionId() != null
                ? request.instructionId()
                : UUID.randomUUID().toString();
        Optional<Instruction> existing = instruction(id);
        if (existing.isPresent()) {
            Instruction old = existing.get();
            boolean same = old.sessionId().equals(session.sessionId())
                    && old.instructionType().equals(request.instructionType())
                    && samePayload.test(old.payloadJson(), request.payloadJson())
                    && old.priority() == request.priority()
                    && Objects.equals(old.sequenceNumber(), request.sequenceNumber())
                    && old.maxRetries() == request.maxRetries();
            if (!same) {
                throw new DataException.Conflict("instruction " + id + " exists with other content", id);
            }
            return new Created(old, false);
        }
        Instant now = now();
        Duration ttl = request.timeToLive() != null
                ? request.timeToLive()
                : request.expiresAt() != null ? Duration.between(now, request.expiresAt()) : null;
        Instant expiresAt = request.expiresAt() != null
                ? request.expiresAt().truncatedTo(ChronoUnit.MICROS)
                : ttl != null ? now.plus(ttl) : null;
        try {
            update(
                    "create instruction",
                    "INSERT INTO agent_instruction (instruction_id, session_id, agent_id, instruction_type,"
                            + " payload, priority_rank, sequence_number, status, created_at, expires_at, ttl_ms, retry_count, max_retries,"
                            + " delivery_count) VALUES (?,?,?,?,?,?,?,?,?,?,?,0,?,0)",
                    id,
                    session.sessionId(),
                    session.agentId(),
                    request.instructionType(),
                    request.payloadJson(),
                    request.priority().rank(),
                    request.sequenceNumber(),
                    InstructionStatus.PENDING.wire(),
                    now,
                    expiresAt,
                    ttl == null ? null : Math.max(ttl.toMillis(), 1),
                    request.maxRetries());
        } catch (StorageException e) {
            if (instruction(id).isPresent()) { // created concurrently by the same request: answer as a repeat
                return createInstruction(session, request, samePayload);
            }
            throw e;
        }
        Instruction created = instruction(id).orElseThrow();
        listener.changed(created, session);
        return new Created(created, true);
    }

    public Optional<Instruction> instruction(String instructionId) {
        return query(
                        "read instruction",
                        "SELECT " + INSTRUCTION_COLUMNS + " FROM agent_instruction WHERE instruction_id = ?",
                        SteeringStore::instruction,
                        instructionId)
                .stream()
                .findFirst();
    }

    /** The instruction, if it belongs to the session; else 404 naming both. */
    public Instruction instructionOf(String sessionId, String instructionId) {
        return instruction(instructionId)
                .filter(i -> i.sessionId().equals(sessionId))
                .orElseThrow(() ->
                        new DataException.NotFound("session " + sessionId + " has no instruction " + instructionId));
    }

    /** Every instruction of the session, in delivery order. */
    public List<Instruction> instructions(String sessionId) {
        List<Instruction> all = new ArrayList<>(query(
                "list instructions",
                "SELECT " + INSTRUCTION_COLUMNS + " FROM agent_instruction WHERE session_id = ?",
                SteeringStore::instruction,
                sessionId));
        all.sort(InstructionOrder.DELIVERY);
        return all;
    }

    /**
     * What a stream sends next, in delivery order: every non-final instruction of the session on a new
     * connection ({@code everyNonFinal}), else only the pending ones (new, or back from a retry).
     */
    public List<Instruction> deliverable(String sessionId, boolean everyNonFinal) {
        String statuses = everyNonFinal ? InstructionStatus.NON_FINAL_SQL : "('pending')";
        List<Instruction> list = new ArrayList<>(query(
                "read deliverable instructions",
                "SELECT " + INSTRUCTION_COLUMNS + " FROM agent_instruction WHERE session_id = ? AND status IN "
                        + statuses,
                SteeringStore::instruction,
                sessionId));
        list.sort(InstructionOrder.DELIVERY);
        return list;
    }

    /**
     * Records one more delivery, before the event is written (so that an ack racing the write finds it
     * sent): pending becomes sent; sent and received stay. Empty when it became final meanwhile.
     */
    public Optional<Instruction> markSent(String instructionId) {
        int changed = update(
                "mark instruction sent",
                "UPDATE agent_instruction SET status = CASE WHEN status = 'pending'"
                        + " THEN 'sent' ELSE status END, sent_at = ?, delivery_count = delivery_count + 1 WHERE instruction_id = ?"
                        + " AND status IN " + InstructionStatus.NON_FINAL_SQL,
                now(),
                instructionId);
        if (changed == 0) {
            return Optional.empty();
        }
        announce(instructionId);
        return instruction(instructionId);
    }

    /** The outcome of an acknowledgement and when it was taken. */
    public record AckResult(AckRules.Outcome outcome, Instant acknowledgedAt) {}

    /** Applies an acknowledgement under the instruction's row lock; the caller maps a conflict to 409. */
    public AckResult acknowledge(String sessionId, String instructionId, Acknowledgement ack) {
        AckResult result = acknowledgeInTransaction(sessionId, instructionId, ack);
        if (result.outcome() instanceof AckRules.Outcome.Apply) {
            announce(instructionId);
        }
        return result;
    }

    private AckResult acknowledgeInTransaction(String sessionId, String instructionId, Acknowledgement ack) {
        Instant now = now();
        return transaction("acknowledge instruction", c -> {
            List<Instruction> rows = query(
                    c,
                    "SELECT " + INSTRUCTION_COLUMNS + " FROM agent_instruction WHERE instruction_id = ?"
                            + " AND session_id = ? FOR UPDATE",
                    SteeringStore::instruction,
                    instructionId,
                    sessionId);
            if (rows.isEmpty()) {
                throw new DataException.NotFound("session " + sessionId + " has no instruction " + instructionId);
            }
            Instruction current = rows.getFirst();
            AckRules.Outcome outcome = AckRules.decide(
                    current.status(),
                    current.status() == InstructionStatus.ACKNOWLEDGED ? current.ackStatus() : null,
                    ack.status());
            if (outcome instanceof AckRules.Outcome.Apply apply) {
                // the server's clock, as SmartEM records it; the agent's own value is kept beside it
                Instant processedAt = ack.status().isFinal() ? now : null;
                update(
                        c,
                        "UPDATE agent_instruction SET status = ?, ack_status = ?, ack_result = ?, ack_error_message = ?,"
                                + " processing_time_ms = ?, processed_at = ?, acknowledged_at = ?, client_processed_at = ?"
                                + " WHERE instruction_id = ?",
                        apply.next().wire(),
                        ack.status().wireName(),
                        ack.result(),
                        ack.errorMessage(),
                        ack.processingTimeMs(),
                        processedAt,
                        now,
                        ack.clientProcessedAt(),
                        instructionId);
                update(
                        c,
                        "INSERT INTO agent_instruction_ack (instruction_id, session_id, agent_id, status, result, error_message,"
                                + " processing_time_ms, processed_at, created_at, client_processed_at)"
                                + " VALUES (?,?,?,?,?,?,?,?,?,?)",
                        instructionId,
                        sessionId,
                        current.agentId(),
                        ack.status().wireName(),
                        ack.result(),
                        ack.errorMessage(),
                        ack.processingTimeMs(),
                        processedAt,
                        now,
                        ack.clientProcessedAt());
                update(c, "UPDATE agent_session SET last_activity_at = ? WHERE session_id = ?", now, sessionId);
            }
            return new AckResult(outcome, now);
        });
    }

    /** One stored acknowledgement (the history of an instruction). */
    public record StoredAck(
            String instructionId,
            AckStatus status,
            String result,
            String errorMessage,
            Long processingTimeMs,
            Instant processedAt,
            Instant createdAt,
            String clientProcessedAt) {}

    /** Every acknowledgement of the session's instructions, oldest first. */
    public List<StoredAck> acks(String sessionId) {
        return query(
                "list acknowledgements",
                "SELECT instruction_id, status, result, error_message, processing_time_ms,"
                        + " processed_at, created_at, client_processed_at FROM agent_instruction_ack WHERE session_id = ?"
                        + " ORDER BY id",
                rs -> new StoredAck(
                        rs.getString(1),
                        AckStatus.parse(rs.getString(2)).orElseThrow(),
                        rs.getString(3),
                        rs.getString(4),
                        nullableLong(rs, 5),
                        instant(rs, 6),
                        instant(rs, 7),
                        rs.getString(8)),
                sessionId);
    }

    // ---- logs

    public int storeLogs(AgentSession session, List<AgentLogEntry> entries) {
        Instant now = now();
        return transaction("store agent logs", c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("INSERT INTO agent_log (session_id, agent_id, logged_at, level,"
                            + " logger_name, message, created_at) VALUES (?,?,?,?,?,?,?)")) {
                for (AgentLogEntry e : entries) {
                    bind(
                            ps,
                            session.sessionId(),
                            session.agentId(),
                            e.timestamp(),
                            e.level(),
                            e.loggerName(),
                            e.message(),
                            now);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            update(c, "UPDATE agent_session SET last_activity_at = ? WHERE session_id = ?", now, session.sessionId());
            return entries.size();
        });
    }

    public long logCount(String sessionId) {
        return query(
                        "count logs",
                        "SELECT COUNT(*) FROM agent_log WHERE session_id = ?",
                        rs -> rs.getLong(1),
                        sessionId)
                .getFirst();
    }

    // ---- the connection manager's sweeps; each returns the sessions it changed

    /** Closes active connections without a heartbeat since {@code cutoff} (reason {@code stale_connection}). */
    public Set<String> closeStaleConnections(Instant cutoff) {
        Instant now = now();
        return transaction("close stale connections", c -> {
            Set<String> sessions = new LinkedHashSet<>(query(
                    c,
                    "SELECT session_id FROM agent_connection WHERE status = ?" + " AND last_heartbeat_at < ?",
                    rs -> rs.getString(1),
                    AgentConnection.ACTIVE,
                    cutoff));
            update(
                    c,
                    "UPDATE agent_connection SET status = ?, closed_at = ?, close_reason = ? WHERE status = ?"
                            + " AND last_heartbeat_at < ?",
                    AgentConnection.CLOSED,
                    now,
                    CloseReason.STALE,
                    AgentConnection.ACTIVE,
                    cutoff);
            return sessions;
        });
    }

    /** How the expiry sweep went. */
    public record ExpiryResult(int retried, int expired, Set<String> sessions) {}

    /**
     * Non-final instructions whose expiry has passed: with retries left they become pending again with a
     * new expiry one time-to-live from now; without, expired. Each row changes in one guarded statement,
     * so an ack that lands first wins.
     */
    public ExpiryResult expireInstructions() {
        Instant now = now();
        record Due(String id, String sessionId, int retryCount, int maxRetries, Long ttlMs) {}
        List<Due> due = query(
                "find expired instructions",
                "SELECT instruction_id, session_id, retry_count, max_retries,"
                        + " ttl_ms FROM agent_instruction WHERE status IN " + InstructionStatus.NON_FINAL_SQL
                        + " AND expires_at <= ?",
                rs -> new Due(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getInt(4), nullableLong(rs, 5)),
                now);
        int retried = 0;
        int expired = 0;
        Set<String> sessions = new LinkedHashSet<>();
        String guard =
                " WHERE instruction_id = ? AND status IN " + InstructionStatus.NON_FINAL_SQL + " AND expires_at <= ?";
        for (Due d : due) {
            if (d.retryCount() < d.maxRetries()) {
                Instant next = now.plusMillis(d.ttlMs() == null ? 0 : d.ttlMs());
                if (update(
                                "retry instruction",
                                "UPDATE agent_instruction SET status = 'pending', retry_count = retry_count + 1,"
                                        + " expires_at = ?" + guard,
                                next,
                                d.id(),
                                now)
                        > 0) {
                    retried++;
                    sessions.add(d.sessionId());
                    announce(d.id());
                }
            } else if (update(
                            "expire instruction",
                            "UPDATE agent_instruction SET status = 'expired'" + guard,
                            d.id(),
                            now)
                    > 0) {
                expired++;
                sessions.add(d.sessionId());
                announce(d.id());
            }
        }
        return new ExpiryResult(retried, expired, sessions);
    }

    /** Marks active sessions without activity since {@code cutoff} inactive and closes their connections. */
    public Set<String> deactivateIdleSessions(Instant cutoff) {
        Set<String> idle = new LinkedHashSet<>(query(
                "find idle sessions",
                "SELECT session_id FROM agent_session" + " WHERE status = ? AND last_activity_at < ?",
                rs -> rs.getString(1),
                AgentSession.ACTIVE,
                cutoff));
        idle.removeIf(id -> !closeSession(id));
        return idle;
    }

    public int deleteLogsBefore(Instant cutoff) {
        return update("delete old agent logs", "DELETE FROM agent_log WHERE created_at < ?", cutoff);
    }

    public int deleteConnectionsClosedBefore(Instant cutoff) {
        return update(
                "delete old connections",
                "DELETE FROM agent_connection WHERE status = ? AND closed_at < ?",
                AgentConnection.CLOSED,
                cutoff);
    }

    // ---- what agents report

    /** Keeps {@code report} as its agent's latest (replacing the one before). */
    public void report(AgentReport report) {
        OutboxReport o = report.outbox();
        Object[] values = {
            report.sessionId(),
            o.depth(),
            o.parked(),
            o.oldestUndeliveredSeconds(),
            o.newestParked(),
            report.reportedAt(),
            report.agentId()
        };
        String update = "UPDATE agent_report SET session_id = ?, outbox_depth = ?, outbox_parked = ?,"
                + " outbox_oldest_undelivered_seconds = ?, outbox_newest_parked = ?, reported_at = ?"
                + " WHERE agent_id = ?";
        if (update("store an agent report", update, values) > 0) {
            return;
        }
        try {
            update(
                    "store an agent report",
                    "INSERT INTO agent_report (session_id, outbox_depth, outbox_parked,"
                            + " outbox_oldest_undelivered_seconds, outbox_newest_parked, reported_at, agent_id)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?)",
                    values);
        } catch (StorageException e) {
            // another server inserted the agent's first report a moment before: this one replaces it
            update("store an agent report", update, values);
        }
    }

    /** Every agent's latest report, by agent id. */
    public List<AgentReport> reports() {
        return query(
                "list agent reports",
                "SELECT agent_id, session_id, outbox_depth, outbox_parked, outbox_oldest_undelivered_seconds,"
                        + " outbox_newest_parked, reported_at FROM agent_report ORDER BY agent_id",
                rs -> {
                    double oldest = rs.getDouble(5);
                    Double oldestOrNull = rs.wasNull() ? null : oldest;
                    return new AgentReport(
                            rs.getString(1),
                            rs.getString(2),
                            new OutboxReport(rs.getLong(3), rs.getLong(4), oldestOrNull, rs.getString(6)),
                            instant(rs, 7));
                });
    }

    public ConnectionStats stats() {
        return query(
                        "read connection stats",
                        "SELECT"
                                + " (SELECT COUNT(*) FROM agent_connection WHERE status = 'active'),"
                                + " (SELECT COUNT(*) FROM agent_session WHERE status = 'active'),"
                                + " (SELECT COUNT(*) FROM agent_instruction WHERE status = 'pending'),"
                                + " (SELECT COUNT(*) FROM agent_instruction WHERE status = 'sent')",
                        rs -> new ConnectionStats(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)))
                .getFirst();
    }

    // ---- rows

    private static AgentSession session(ResultSet rs) throws SQLException {
        return new AgentSession(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                instant(rs, 7),
                instant(rs, 8),
                instant(rs, 9));
    }

    private static AgentConnection connection(ResultSet rs) throws SQLException {
        return new AgentConnection(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                instant(rs, 6),
                instant(rs, 7),
                instant(rs, 8),
                rs.getString(9));
    }

    private static Instruction instruction(ResultSet rs) throws SQLException {
        String ack = rs.getString(15);
        return new Instruction(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                Priority.ofRank(rs.getInt(6)),
                nullableLong(rs, 7),
                InstructionStatus.fromWire(rs.getString(8)),
                instant(rs, 9),
                instant(rs, 10),
                instant(rs, 11),
                rs.getInt(12),
                rs.getInt(13),
                rs.getInt(14),
                ack == null ? null : AckStatus.parse(ack).orElseThrow(),
                rs.getString(16),
                rs.getString(17),
                nullableLong(rs, 18),
                instant(rs, 19),
                instant(rs, 20),
                rs.getString(21));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    // ---- JDBC plumbing

    @FunctionalInterface
    private interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> List<T> query(String what, String sql, RowMapper<T> mapper, Object... args) {
        try (Connection c = dataSource.getConnection()) {
            return query(c, sql, mapper, args);
        } catch (SQLException e) {
            throw new StorageException("cannot " + what, e);
        }
    }

    private static <T> List<T> query(Connection c, String sql, RowMapper<T> mapper, Object... args)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(mapper.map(rs));
                }
                return out;
            }
        }
    }

    private int update(String what, String sql, Object... args) {
        try (Connection c = dataSource.getConnection()) {
            return update(c, sql, args);
        } catch (SQLException e) {
            throw new StorageException("cannot " + what, e);
        }
    }

    private static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        }
    }

    private <T> T transaction(String what, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw new StorageException("cannot " + what, e);
        }
    }

    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            switch (a) {
                case null -> ps.setNull(i + 1, Types.NULL);
                case Instant t -> ps.setObject(i + 1, OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
                default -> ps.setObject(i + 1, a);
            }
        }
    }
}
