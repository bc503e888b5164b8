package io.sightline.server.persistence;

import io.sightline.server.events.Event;
import io.sightline.server.events.EventSink;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every event-producing transaction: the change and its event_log rows commit together (the log
 * is also the outbox, see {@code OutboxPublisher}), and then the {@link EventSink} hears about the
 * events.
 *
 * <p><b>Why writes are serialised.</b> Event ids come from an identity column and are handed out when
 * the row is inserted, not when the transaction commits. If two transactions ran at once, the one with
 * the larger ids could commit first; an SSE client that saw it would resume after those ids and never
 * see the smaller ids committed a moment later. So one transaction at a time writes events: a fair
 * lock in this process, plus, on PostgreSQL, a transaction-scoped advisory lock so that several
 * server processes sharing one database keep the same order. The sink is called while the lock is
 * still held, so it too sees events in id order across transactions. Throughput does not suffer:
 * clients send batches (see {@code /api/v1/ingest}), and single writes that queue up behind the lock
 * commit together ({@link #write}); reads never take the lock.
 */
public final class WriteTransactions {
    private static final Logger log = LoggerFactory.getLogger(WriteTransactions.class);
    /** Arbitrary constant naming Sightline's event-order lock among PostgreSQL advisory locks. */
    private static final long ADVISORY_LOCK_KEY = 0x5167_6874_6c69_6e65L;

    private final Database database;
    private final EventSink sink;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock(true);
    private final ConcurrentLinkedQueue<Request<?, ?>> queue = new ConcurrentLinkedQueue<>();
    /** Most writes one transaction takes from the queue, so that one group's latency stays bounded. */
    static final int MAX_GROUP = 64;
    /** Events per INSERT statement (five parameters each, well inside both databases' limits). */
    private static final int EVENTS_PER_STATEMENT = 1000;

    public WriteTransactions(Database database, EventSink sink, Clock clock) {
        this.database = database;
        this.sink = sink;
        this.clock = clock;
    }

    /**
     * Runs {@code work} in a transaction; commits it with its events, or rolls it back and throws.
     *
     * <p><b>Group commit.</b> Writes that arrive while another is running wait for the lock in a queue;
     * whoever takes the lock next runs every queued write (up to {@value #MAX_GROUP}) in one database
     * transaction, each inside its own savepoint, writes all their events with one statement, and commits
     * once. A write that fails is rolled back to its
     * savepoint and its caller gets the exception; the others commit. Under concurrent single-entity
     * requests this turns one commit (one fsync on PostgreSQL) and one event statement per request into
     * one per group, while events keep their id order. An uncontended write runs alone, as before.
     */
    public <T> T write(Work<T> work) {
        return write((tx, items) -> java.util.Collections.singletonList(work.run(tx)), work); // work may answer null
    }

    /**
     * Runs {@code item} through {@code batch}, together with the other items for the same {@code batch}
     * (the same instance) that are queued next to it: one call of {@link Batch#run} for all of them, so
     * a group of single-entity writes costs the statements of one. If that call fails, it is rolled back
     * and every item runs again on its own, so that only the failing caller gets the exception.
     */
    public <I, R> R write(Batch<I, R> batch, I item) {
        Request<I, R> request = new Request<>(batch, item);
        queue.add(request);
        lock.lock();
        try {
            if (!request.done()) {
                List<Request<?, ?>> group = new ArrayList<>();
                for (Request<?, ?> next; group.size() < MAX_GROUP && (next = queue.poll()) != null; ) {
                    group.add(next);
                }
                runGroup(group);
            }
        } finally {
            lock.unlock();
        }
        return request.result();
    }

    /**
     * Runs {@code group} in one transaction and tells the sink. A group of requests for one batch runs
     * first as a single call with no savepoint; only if that fails is it rolled back and run again the
     * careful way, each run of requests for one batch in a savepoint (and each request in its own if the
     * run fails), so that a failure costs nothing to the writes that do not fail.
     */
    private void runGroup(List<Request<?, ?>> group) {
        List<Event> committed = new ArrayList<>();
        try (Connection connection = database.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            try {
                Tx tx = new Tx(connection, database.dialect(), clock.instant().truncatedTo(ChronoUnit.MICROS));
                lockEventOrder(connection);
                if (!runAsOne(tx, group)) {
                    connection.rollback();
                    tx.pending.clear();
                    lockEventOrder(connection);
                    runCarefully(tx, group);
                }
                List<Event> events = tx.writeEvents();
                for (Request<?, ?> request : group) {
                    request.assignEvents(events);
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException | RuntimeException e) {
            for (Request<?, ?> request : group) {
                request.failedWith(e);
            }
            return;
        }
        for (Request<?, ?> request : group) {
            request.commit(committed);
        }
        if (!committed.isEmpty()) {
            try {
                sink.committed(committed);
            } catch (RuntimeException e) {
                // The change is committed and its events are in the log: the outbox publisher and replay
                // still deliver them, so a failing listener must not fail the caller's request.
                log.error(
                        "event sink failed for events {}..{}",
                        committed.getFirst().id(),
                        committed.getLast().id(),
                        e);
            }
        }
    }

    /** On PostgreSQL, the lock that orders event-writing transactions across server processes. */
    private void lockEventOrder(Connection connection) throws SQLException {
        if (database.dialect() == Database.Dialect.POSTGRESQL) {
            try (PreparedStatement advisory = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                advisory.setLong(1, ADVISORY_LOCK_KEY);
                advisory.execute();
            }
        }
    }

    /**
     * Runs a group whose requests all use one batch as one call, without a savepoint. Returns false when
     * that is not the case or the call failed with several requests in it (the transaction must then be
     * rolled back); a single request's failure fails the transaction.
     */
    private static boolean runAsOne(Tx tx, List<Request<?, ?>> group) throws SQLException {
        Batch<?, ?> batch = group.getFirst().batch;
        if (group.stream().anyMatch(request -> request.batch != batch)) {
            return false;
        }
        List<?> results;
        try {
            results = runBatch(tx, group);
        } catch (SQLException | RuntimeException e) {
            if (group.size() == 1) {
                throw e;
            }
            return false;
        }
        succeeded(tx, group, results, 0);
        return true;
    }

    /** Each run of requests for one batch in its own savepoint; a failing run again request by request. */
    private static void runCarefully(Tx tx, List<Request<?, ?>> group) throws SQLException {
        for (int from = 0, to; from < group.size(); from = to) {
            Batch<?, ?> batch = group.get(from).batch;
            for (to = from + 1; to < group.size() && group.get(to).batch == batch; to++) {
                // a run of requests for the same batch
            }
            List<Request<?, ?>> run = group.subList(from, to);
            if (!runInSavepoint(tx, run)) {
                for (Request<?, ?> request : run) {
                    runInSavepoint(tx, List.of(request));
                }
            }
        }
    }

    /**
     * Runs {@code run} (requests for one batch) in one call inside a savepoint. On failure it rolls back
     * to the savepoint; a single request then fails with the exception, several answer false so that the
     * caller can run them one by one.
     */
    private static boolean runInSavepoint(Tx tx, List<Request<?, ?>> run) throws SQLException {
        Savepoint savepoint = tx.connection.setSavepoint();
        int mark = tx.pending.size();
        List<?> results;
        try {
            results = runBatch(tx, run);
        } catch (SQLException | RuntimeException e) {
            tx.connection.rollback(savepoint);
            tx.pending.subList(mark, tx.pending.size()).clear();
            if (run.size() > 1) {
                return false;
            }
            run.getFirst().failed(e);
            return true;
        }
        succeeded(tx, run, results, mark);
        return true;
    }

    /**
     * Gives each request of {@code run} its result. The events of a run cannot be told apart by request;
     * they commit or fail together, so the first request carries them all (from {@code mark}).
     */
    private static void succeeded(Tx tx, List<Request<?, ?>> run, List<?> results, int mark) {
        for (int i = 0; i < run.size(); i++) {
            run.get(i).succeeded(results.get(i), i == 0 ? mark : tx.pending.size(), tx.pending.size());
        }
    }

    @SuppressWarnings("unchecked") // every request of a run was queued with this batch, so its item is an I
    private static <I> List<?> runBatch(Tx tx, List<Request<?, ?>> run) throws SQLException {
        Batch<I, ?> batch = (Batch<I, ?>) run.getFirst().batch;
        List<I> items = new ArrayList<>(run.size());
        for (Request<?, ?> request : run) {
            items.add((I) request.item);
        }
        List<?> results = batch.run(tx, items);
        if (results.size() != items.size()) {
            throw new IllegalStateException(
                    "a batch answered " + results.size() + " results for " + items.size() + " items");
        }
        return results;
    }

    /** One caller's write: its batch and item and, once its group ran, its result or failure. */
    private static final class Request<I, R> {
        private final Batch<I, R> batch;
        private final I item;
        private Object result;
        /** Its events: indexes into the group's events, [eventsFrom, eventsTo). */
        private int eventsFrom;

        private int eventsTo;
        private List<Event> events = List.of();
        private Exception failure;
        private volatile boolean done;

        Request(Batch<I, R> batch, I item) {
            this.batch = batch;
            this.item = item;
        }

        boolean done() {
            return done;
        }

        void succeeded(Object value, int from, int to) {
            result = value;
            eventsFrom = from;
            eventsTo = to;
        }

        void assignEvents(List<Event> written) {
            if (failure == null) {
                events = written.subList(eventsFrom, eventsTo);
            }
        }

        /** Its own work failed (rolled back to its savepoint). */
        void failed(Exception e) {
            failure = e;
            done = true;
        }

        /** The group's transaction failed: a write that had succeeded inside it fails with it. */
        void failedWith(Exception e) {
            if (failure == null) {
                failure = e;
            }
            done = true;
        }

        void commit(List<Event> committed) {
            if (failure == null) {
                committed.addAll(events);
                done = true;
            }
        }

        /** The result for the caller, or its failure rethrown. */
        @SuppressWarnings("unchecked") // result holds what batch.run answered for this item, an R
        R result() {
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            if (failure instanceof SQLException e) {
                throw new StorageException("database write failed: " + e.getMessage(), e);
            }
            return (R) result;
        }
    }

    /**
     * Work that can run for several callers at once: one call with every item queued for it, answering
     * one result per item in their order. It must throw, rather than answer, when any item fails in a
     * way that should not commit; the items then run again one at a time. So it may run more than once
     * for the same item and must have no effect outside the transaction.
     */
    @FunctionalInterface
    public interface Batch<I, R> {
        List<R> run(Tx tx, List<I> items) throws SQLException;
    }

    /** Work inside a write transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Tx tx) throws SQLException;
    }

    /** An open write transaction: its connection and the events it will commit (for the whole group). */
    public static final class Tx {
        private final Connection connection;
        private final Database.Dialect dialect;
        private final Instant now;
        private final List<PendingEvent> pending = new ArrayList<>();

        private Tx(Connection connection, Database.Dialect dialect, Instant now) {
            this.connection = connection;
            this.dialect = dialect;
            this.now = now;
        }

        public Connection connection() {
            return connection;
        }

        /** The transaction's timestamp (events carry it as created_at). */
        public Instant now() {
            return now;
        }

        /** Records an event to be written with this transaction. */
        public void emit(String type, String acquisitionUuid, String entityUuid, String payloadJson) {
            pending.add(new PendingEvent(type, acquisitionUuid, entityUuid, payloadJson));
        }

        private List<Event> writeEvents() throws SQLException {
            if (pending.isEmpty()) {
                return List.of();
            }
            OffsetDateTime createdAt = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
            List<Event> events = new ArrayList<>(pending.size());
            for (int from = 0; from < pending.size(); from += EVENTS_PER_STATEMENT) {
                List<PendingEvent> chunk = pending.subList(from, Math.min(pending.size(), from + EVENTS_PER_STATEMENT));
                events.addAll(insertEvents(chunk, createdAt));
            }
            return events;
        }

        /**
         * One statement for {@code chunk}: on PostgreSQL through {@link PostgresBulkInsert} (a JDBC batch
         * that returns generated keys is sent there one round per row, which was a third of the database's
         * time in ingest), on H2 as a multi-row INSERT. The ids come back sorted: they are drawn in row
         * order, and no other transaction writes events meanwhile (see the class comment).
         */
        private List<Event> insertEvents(List<PendingEvent> chunk, OffsetDateTime createdAt) throws SQLException {
            List<Long> ids;
            if (dialect == Database.Dialect.POSTGRESQL) {
                List<Object[]> rows = new ArrayList<>(chunk.size());
                for (PendingEvent event : chunk) {
                    rows.add(new Object[] {
                        event.type(), event.acquisitionUuid(), event.entityUuid(), event.payloadJson(), now
                    });
                }
                ids = PostgresBulkInsert.insert(
                        connection,
                        "event_log",
                        List.of("event_type", "acquisition_uuid", "entity_uuid", "payload", "created_at"),
                        List.of(
                                ColumnType.STRING,
                                ColumnType.STRING,
                                ColumnType.STRING,
                                ColumnType.STRING,
                                ColumnType.TIMESTAMP),
                        rows,
                        "id");
            } else {
                ids = insertValues(chunk, createdAt);
            }
            if (ids.size() != chunk.size()) {
                throw new SQLException(
                        "the database returned " + ids.size() + " event ids for " + chunk.size() + " events");
            }
            ids.sort(null);
            List<Event> events = new ArrayList<>(chunk.size());
            for (int i = 0; i < chunk.size(); i++) {
                PendingEvent event = chunk.get(i);
                events.add(new Event(
                        ids.get(i),
                        event.type(),
                        event.acquisitionUuid(),
                        event.entityUuid(),
                        now,
                        event.payloadJson()));
            }
            return events;
        }

        /** H2: one multi-row INSERT, answering the generated ids. */
        private List<Long> insertValues(List<PendingEvent> chunk, OffsetDateTime createdAt) throws SQLException {
            StringBuilder sql = new StringBuilder(
                    "INSERT INTO event_log (event_type, acquisition_uuid, entity_uuid, payload, created_at) VALUES ");
            for (int i = 0; i < chunk.size(); i++) {
                sql.append(i == 0 ? "(?, ?, ?, ?, ?)" : ", (?, ?, ?, ?, ?)");
            }
            List<Long> ids = new ArrayList<>(chunk.size());
            try (PreparedStatement insert = connection.prepareStatement(sql.toString(), new String[] {"id"})) {
                int p = 1;
                for (PendingEvent event : chunk) {
                    insert.setString(p++, event.type());
                    insert.setString(p++, event.acquisitionUuid());
                    insert.setString(p++, event.entityUuid());
                    insert.setString(p++, event.payloadJson());
                    insert.setObject(p++, createdAt);
                }
                insert.executeUpdate();
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    while (keys.next()) {
                        ids.add(keys.getLong(1));
                    }
                }
            }
            return ids;
        }
    }

    private record PendingEvent(String type, String acquisitionUuid, String entityUuid, String payloadJson) {}
}
