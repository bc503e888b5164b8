package io.sightline.server.steering;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signal between servers sharing one PostgreSQL database: {@code NOTIFY sightline_instructions,
 * '<session_id>'} through the pool, and {@code LISTEN} on a dedicated connection (outside the pool, so
 * it never idles out or gets reused) read by a daemon virtual thread. When that connection drops it
 * reconnects with backoff and then wakes every local stream, since notifications sent meanwhile are lost.
 * The local receiver is also called directly on {@link #signal}, so this server does not wait for
 * the round trip.
 */
public final class PostgresSignal implements SteeringSignal {
    public static final String CHANNEL = "sightline_instructions";
    private static final Logger log = LoggerFactory.getLogger(PostgresSignal.class);
    private static final int POLL_MILLIS = 500;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    /** How to open the listening connection. */
    public record Target(String jdbcUrl, String user, String password) {}

    private final DataSource pool;
    private final Target target;
    private final Consumer<String> receiver;
    private final Runnable wakeAll;
    private final Thread listener;
    private volatile boolean closed;
    private volatile boolean listening;
    private volatile Connection connection;

    /**
     * @param receiver called with the session id of each notification
     * @param wakeAll called after a reconnect
     */
    public PostgresSignal(DataSource pool, Target target, Consumer<String> receiver, Runnable wakeAll) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.target = Objects.requireNonNull(target, "target");
        this.receiver = Objects.requireNonNull(receiver, "receiver");
        this.wakeAll = Objects.requireNonNull(wakeAll, "wakeAll");
        this.listener = Thread.ofVirtual().name("steering-listen").start(this::listen);
    }

    /** Whether the LISTEN connection is up (for tests and health). */
    public boolean listening() {
        return listening;
    }

    @Override
    public void signal(String sessionId) {
        receiver.accept(sessionId);
        try (Connection c = pool.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {
            ps.setString(1, CHANNEL);
            ps.setString(2, sessionId);
            ps.execute();
        } catch (SQLException e) {
            // the other servers' streams still read the database at their next heartbeat
            log.warn("NOTIFY {} for session {} failed: {}", CHANNEL, sessionId, e.toString());
        }
    }

    private void listen() {
        long backoffMillis = 250;
        boolean reconnect = false;
        while (!closed) {
            try (Connection c = DriverManager.getConnection(target.jdbcUrl(), target.user(), target.password())) {
                connection = c;
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + CHANNEL);
                }
                listening = true;
                backoffMillis = 250;
                if (reconnect) {
                    log.info("listening on {} again", CHANNEL);
                    wakeAll.run();
                }
                PGConnection pg = c.unwrap(PGConnection.class);
                while (!closed) {
                    PGNotification[] notifications = pg.getNotifications(POLL_MILLIS);
                    if (notifications != null) {
                        for (PGNotification n : notifications) {
                            receiver.accept(n.getParameter());
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                listening = false;
                if (closed) {
                    return;
                }
                log.warn(
                        "the LISTEN connection on {} failed ({}); reconnecting in {} ms",
                        CHANNEL,
                        e.toString(),
                        backoffMillis);
                reconnect = true;
                try {
                    Thread.sleep(backoffMillis);
                } catch (InterruptedException ie) {
                    return;
                }
                backoffMillis = Math.min(backoffMillis * 2, MAX_BACKOFF.toMillis());
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        Connection c = connection;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                log.debug("closing the LISTEN connection: {}", e.toString());
            }
        }
        listener.interrupt();
        try {
            listener.join(Duration.ofSeconds(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
