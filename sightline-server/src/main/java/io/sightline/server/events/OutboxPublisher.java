package io.sightline.server.events;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the {@code outbox} to the {@link EventBus}: oldest event first, in batches; a row is deleted
 * only after the bus confirmed its batch. So a broker outage loses nothing: rows stay, the publisher
 * retries with exponential backoff, and when the broker returns everything goes out in id order.
 *
 * <p>It runs on one virtual thread. {@link #committed} wakes it at once; it also polls every
 * {@code pollInterval} so that rows never wait for a wake-up that did not come (another process wrote
 * them, or the wake-up raced with a retry). One publisher per database: several server processes on
 * one database would each deliver every row (at-least-once still holds; consumers dedupe by id).
 */
public final class OutboxPublisher implements EventSink, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(OutboxPublisher.class);

  /**
   * @param batchSize rows per publish
   * @param pollInterval how often to look at the outbox without a wake-up
   * @param minBackoff first wait after a failed publish; doubles up to {@code maxBackoff}
   */
  public record Options(int batchSize, Duration pollInterval, Duration minBackoff, Duration maxBackoff) {
    public static final Options DEFAULT =
        new Options(500, Duration.ofSeconds(2), Duration.ofMillis(200), Duration.ofSeconds(30));

    public Options {
      if (batchSize <= 0) {
        throw new IllegalArgumentException("batchSize must be > 0");
      }
      Objects.requireNonNull(pollInterval, "pollInterval");
      Objects.requireNonNull(minBackoff, "minBackoff");
      Objects.requireNonNull(maxBackoff, "maxBackoff");
    }
  }

  private final DataSource dataSource;
  private final EventBus bus;
  private final Options options;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private final AtomicLong depth = new AtomicLong();
  private final AtomicLong published = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private boolean wakeRequested;
  private volatile boolean running;
  private volatile Thread thread;

  public OutboxPublisher(DataSource dataSource, EventBus bus, Options options) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.bus = Objects.requireNonNull(bus, "bus");
    this.options = Objects.requireNonNull(options, "options");
  }

  /** Starts the delivery thread. */
  public synchronized void start() {
    if (thread != null) {
      throw new IllegalStateException("already started");
    }
    running = true;
    thread = Thread.ofVirtual().name("outbox-publisher").start(this::run);
  }

  /** Wakes the publisher; it reads the rows itself, so the list is only a hint. */
  @Override
  public void committed(List<Event> events) {
    lock.lock();
    try {
      wakeRequested = true;
      wake.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Rows waiting for delivery, as of the last look at the outbox (refreshed every cycle). */
  public long depth() {
    return depth.get();
  }

  /** Events confirmed by the bus since start. */
  public long publishedCount() {
    return published.get();
  }

  /** Failed publish attempts since start. */
  public long failureCount() {
    return failures.get();
  }

  private void run() {
    long backoffMillis = options.minBackoff().toMillis();
    while (running) {
      boolean more;
      try {
        more = deliverOneBatch();
        backoffMillis = options.minBackoff().toMillis();
      } catch (EventBusException | SQLException | RuntimeException e) {
        failures.incrementAndGet();
        log.warn("outbox delivery failed ({} rows waiting), retrying in {} ms: {}", depth.get(), backoffMillis, e.toString());
        sleep(backoffMillis);
        backoffMillis = Math.min(options.maxBackoff().toMillis(), Math.max(1, backoffMillis * 2));
        continue;
      }
      if (!more) {
        awaitWake(options.pollInterval().toMillis());
      }
    }
  }

  /** Delivers the oldest batch; returns whether a full batch was delivered (so there may be more). */
  private boolean deliverOneBatch() throws SQLException, EventBusException {
    List<Event> batch = new ArrayList<>();
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement ps = c.prepareStatement("SELECT " + EventLog.COLUMNS
          + " FROM outbox o JOIN event_log e ON e.id = o.event_id ORDER BY o.event_id LIMIT ?")) {
        ps.setInt(1, options.batchSize());
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            batch.add(EventLog.read(rs));
          }
        }
      }
      // A batch smaller than the limit is the whole outbox as of this look: no need to count it.
      long waiting = batch.size() < options.batchSize() ? batch.size() : count(c);
      depth.set(waiting); // fresh also while the bus is failing
      if (batch.isEmpty()) {
        return false;
      }
      bus.publish(batch);
      published.addAndGet(batch.size());
      // The batch is the outbox's lowest ids, and no lower id can commit later (writes are serialised,
      // see WriteTransactions), so one range delete removes exactly the batch.
      try (PreparedStatement del = c.prepareStatement("DELETE FROM outbox WHERE event_id <= ?")) {
        del.setLong(1, batch.getLast().id());
        del.executeUpdate();
      }
      depth.set(waiting - batch.size()); // rows committed since are counted at the next look
    }
    return batch.size() == options.batchSize();
  }

  private static long count(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM outbox");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private void awaitWake(long millis) {
    lock.lock();
    try {
      long nanos = TimeUnit.MILLISECONDS.toNanos(millis);
      while (!wakeRequested && running && nanos > 0) {
        nanos = wake.awaitNanos(nanos);
      }
      wakeRequested = false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    } finally {
      lock.unlock();
    }
  }

  private void sleep(long millis) {
    lock.lock();
    try {
      long nanos = TimeUnit.MILLISECONDS.toNanos(millis);
      while (running && nanos > 0) {
        nanos = wake.awaitNanos(nanos); // woken early only by close()
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Stops the thread after its current batch (waiting up to 10 s). Rows not yet delivered stay in the
   * outbox for the next start. Does not close the bus.
   */
  @Override
  public void close() {
    running = false;
    lock.lock();
    try {
      wake.signalAll();
    } finally {
      lock.unlock();
    }
    Thread t = thread;
    if (t != null) {
      try {
        if (!t.join(Duration.ofSeconds(10))) {
          t.interrupt();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
