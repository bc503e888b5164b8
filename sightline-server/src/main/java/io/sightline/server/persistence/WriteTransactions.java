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
 * Runs every event-producing transaction: the change, its event_log rows and its outbox rows commit
 * together, and then the {@link EventSink} hears about the events.
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
  private final ConcurrentLinkedQueue<Request<?>> queue = new ConcurrentLinkedQueue<>();
  /** Most writes one transaction takes from the queue, so that one group's latency stays bounded. */
  static final int MAX_GROUP = 64;

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
   * transaction, each inside its own savepoint, and commits once. A write that fails is rolled back to
   * its savepoint and its caller gets the exception; the others commit. Under concurrent single-entity
   * requests this turns one commit (one fsync on PostgreSQL) per request into one per group, while
   * events keep their id order. An uncontended write runs alone, exactly as before.
   */
  public <T> T write(Work<T> work) {
    Request<T> request = new Request<>(work);
    queue.add(request);
    lock.lock();
    try {
      if (!request.done()) {
        List<Request<?>> group = new ArrayList<>();
        for (Request<?> next; group.size() < MAX_GROUP && (next = queue.poll()) != null; ) {
          group.add(next);
        }
        runGroup(group);
      }
    } finally {
      lock.unlock();
    }
    return request.result();
  }

  /** Runs {@code group} in one transaction (savepoints when there are several) and tells the sink. */
  private void runGroup(List<Request<?>> group) {
    List<Event> committed = new ArrayList<>();
    try (Connection connection = database.dataSource().getConnection()) {
      connection.setAutoCommit(false);
      try {
        if (database.dialect() == Database.Dialect.POSTGRESQL) {
          try (PreparedStatement advisory = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            advisory.setLong(1, ADVISORY_LOCK_KEY);
            advisory.execute();
          }
        }
        boolean alone = group.size() == 1;
        for (Request<?> request : group) {
          Savepoint savepoint = alone ? null : connection.setSavepoint();
          Tx tx = new Tx(connection, clock.instant().truncatedTo(ChronoUnit.MICROS));
          try {
            Object result = request.work.run(tx);
            List<Event> events = tx.writeEvents();
            request.succeeded(result, events);
          } catch (SQLException | RuntimeException e) {
            if (alone) {
              throw e;
            }
            connection.rollback(savepoint);
            request.failed(e);
          }
        }
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    } catch (SQLException | RuntimeException e) {
      for (Request<?> request : group) {
        request.failedWith(e);
      }
      return;
    }
    for (Request<?> request : group) {
      request.commit(committed);
    }
    if (!committed.isEmpty()) {
      try {
        sink.committed(committed);
      } catch (RuntimeException e) {
        // The change is committed and its events are in the log and the outbox: the publisher and
        // replay still deliver them, so a failing listener must not fail the caller's request.
        log.error("event sink failed for events {}..{}", committed.getFirst().id(), committed.getLast().id(), e);
      }
    }
  }

  /** One caller's write: its work and, once its group ran, its result or failure. */
  private static final class Request<T> {
    private final Work<T> work;
    private Object result;
    private List<Event> events = List.of();
    private Exception failure;
    private volatile boolean done;

    Request(Work<T> work) {
      this.work = work;
    }

    boolean done() {
      return done;
    }

    void succeeded(Object value, List<Event> written) {
      result = value;
      events = written;
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
    @SuppressWarnings("unchecked") // result holds what work.run returned, a T
    T result() {
      if (failure instanceof RuntimeException e) {
        throw e;
      }
      if (failure instanceof SQLException e) {
        throw new StorageException("database write failed: " + e.getMessage(), e);
      }
      return (T) result;
    }
  }

  /** Work inside a write transaction. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Tx tx) throws SQLException;
  }

  /** An open write transaction: its connection and the events it will commit. */
  public static final class Tx {
    private final Connection connection;
    private final Instant now;
    private final List<PendingEvent> pending = new ArrayList<>();

    private Tx(Connection connection, Instant now) {
      this.connection = connection;
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
      try (PreparedStatement insert = connection.prepareStatement(
          "INSERT INTO event_log (event_type, acquisition_uuid, entity_uuid, payload, created_at) VALUES (?, ?, ?, ?, ?)",
          new String[] {"id"})) {
        for (PendingEvent event : pending) {
          insert.setString(1, event.type());
          insert.setString(2, event.acquisitionUuid());
          insert.setString(3, event.entityUuid());
          insert.setString(4, event.payloadJson());
          insert.setObject(5, createdAt);
          insert.addBatch();
        }
        insert.executeBatch();
        try (ResultSet keys = insert.getGeneratedKeys()) {
          for (PendingEvent event : pending) {
            if (!keys.next()) {
              throw new SQLException("the database returned fewer event ids than events inserted");
            }
            events.add(new Event(keys.getLong(1), event.type(), event.acquisitionUuid(), event.entityUuid(), now,
                event.payloadJson()));
          }
        }
      }
      try (PreparedStatement outbox = connection.prepareStatement(
          "INSERT INTO outbox (event_id, created_at) VALUES (?, ?)")) {
        for (Event event : events) {
          outbox.setLong(1, event.id());
          outbox.setObject(2, createdAt);
          outbox.addBatch();
        }
        outbox.executeBatch();
      }
      return events;
    }
  }

  private record PendingEvent(String type, String acquisitionUuid, String entityUuid, String payloadJson) {}

}
