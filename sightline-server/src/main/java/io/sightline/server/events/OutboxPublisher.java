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
 * Delivers the event log to the {@link EventBus}: oldest event first, in batches, above the position
 * the bus last confirmed ({@code outbox_cursor}); the position moves only after the bus confirmed a
 * batch. So a broker outage loses nothing: the events wait in the log, the publisher retries with
 * exponential backoff, and when the broker returns everything goes out in id order.
 *
 * <p>The log is the outbox because events commit in id order (writes are serialised, see {@code
 * WriteTransactions}): nothing can appear below the position later, so one number says what is
 * delivered, and a change costs no outbox row. Each batch holds the position's row lock from reading
 * it to moving it, so several server processes on one database deliver each event once between them.
 *
 * <p>It runs on one virtual thread. {@link #committed} wakes it, at most once per {@code linger}: under a
 * stream of small commits it delivers what gathered in that time in one cycle instead of one cycle per
 * commit competing with the writes for the database. It also polls every {@code pollInterval} so that
 * events never wait for a wake-up that did not come (another process wrote them, or the wake-up raced
 * with a retry).
 */
public final class OutboxPublisher implements EventSink, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OutboxPublisher.class);

    /**
     * @param batchSize events per publish
     * @param pollInterval how often to look at the outbox without a wake-up
     * @param minBackoff first wait after a failed publish; doubles up to {@code maxBackoff}
     * @param linger least time between two looks at the outbox after a wake-up (what a bus consumer
     *     may wait longer for an event)
     */
    public record Options(
            int batchSize, Duration pollInterval, Duration minBackoff, Duration maxBackoff, Duration linger) {
        public static final Options DEFAULT = new Options(
                500, Duration.ofSeconds(2), Duration.ofMillis(200), Duration.ofSeconds(30), Duration.ofMillis(20));

        /** Options with no linger. */
        public Options(int batchSize, Duration pollInterval, Duration minBackoff, Duration maxBackoff) {
            this(batchSize, pollInterval, minBackoff, maxBackoff, Duration.ZERO);
        }

        public Options {
            if (batchSize <= 0) {
                throw new IllegalArgumentException("batchSize must be > 0");
            }
            Objects.requireNonNull(pollInterval, "pollInterval");
            Objects.requireNonNull(minBackoff, "minBackoff");
            Objects.requireNonNull(maxBackoff, "maxBackoff");
            Objects.requireNonNull(linger, "linger");
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
    /** Why the latest delivery attempt failed; null once one succeeds. */
    private volatile String failing;

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

    /** Wakes the publisher; it reads the log itself, so the list is only a hint. */
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

    /** Events waiting for delivery, as of the last look (refreshed every cycle). */
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

    /** Why the latest delivery attempt failed, while no later one has succeeded. */
    public java.util.Optional<String> failing() {
        return java.util.Optional.ofNullable(failing);
    }

    private void run() {
        long backoffMillis = options.minBackoff().toMillis();
        while (running) {
            boolean more;
            long cycleStart = System.nanoTime();
            try {
                more = deliverOneBatch();
                backoffMillis = options.minBackoff().toMillis();
                failing = null;
            } catch (EventBusException | SQLException | RuntimeException e) {
                failures.incrementAndGet();
                failing = e.toString();
                log.warn(
                        "outbox delivery failed ({} events waiting), retrying in {} ms: {}",
                        depth.get(),
                        backoffMillis,
                        e.toString());
                sleep(backoffMillis);
                backoffMillis = Math.min(options.maxBackoff().toMillis(), Math.max(1, backoffMillis * 2));
                continue;
            }
            if (!more) {
                awaitWake(options.pollInterval().toMillis());
                long lingerLeft = options.linger().toNanos() - (System.nanoTime() - cycleStart);
                if (lingerLeft > 0) {
                    sleep(TimeUnit.NANOSECONDS.toMillis(lingerLeft));
                }
            }
        }
    }

    /** Delivers the oldest batch; returns whether a full batch was delivered (so there may be more). */
    private boolean deliverOneBatch() throws SQLException, EventBusException {
        List<Event> batch = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                long deliveredThrough = lockPosition(c);
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT " + EventLog.COLUMNS + " FROM event_log e WHERE e.id > ? ORDER BY e.id LIMIT ?")) {
                    ps.setLong(1, deliveredThrough);
                    ps.setInt(2, options.batchSize());
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            batch.add(EventLog.read(rs));
                        }
                    }
                }
                // A batch smaller than the limit is everything waiting as of this look: no need to count it.
                long waiting = batch.size() < options.batchSize() ? batch.size() : countAbove(c, deliveredThrough);
                depth.set(waiting); // fresh also while the bus is failing
                if (batch.isEmpty()) {
                    c.commit();
                    return false;
                }
                bus.publish(batch);
                try (PreparedStatement move = c.prepareStatement(
                        "UPDATE outbox_cursor SET delivered_through = ?, updated_at = CURRENT_TIMESTAMP WHERE id = 1")) {
                    move.setLong(1, batch.getLast().id());
                    move.executeUpdate();
                }
                c.commit();
                published.addAndGet(batch.size());
                depth.set(waiting - batch.size()); // events committed since are counted at the next look
            } catch (SQLException | EventBusException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
        return batch.size() == options.batchSize();
    }

    /** The delivered position, locked until the transaction ends. */
    private static long lockPosition(Connection c) throws SQLException {
        try (PreparedStatement ps =
                        c.prepareStatement("SELECT delivered_through FROM outbox_cursor WHERE id = 1 FOR UPDATE");
                ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("outbox_cursor has no row: the database was not migrated by this version");
            }
            return rs.getLong(1);
        }
    }

    private static long countAbove(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM event_log WHERE id > ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
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
     * Stops the thread after its current batch (waiting up to 10 s). Events not yet delivered wait in the
     * log for the next start. Does not close the bus.
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
