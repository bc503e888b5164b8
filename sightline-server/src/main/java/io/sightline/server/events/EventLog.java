package io.sightline.server.events;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Reads the {@code event_log} table: what a stream client missed, and what the outbox should deliver.
 *
 * <p>Replay window: see {@link ReplayWindow}. {@link #replayFloor()} is the id after which a client may
 * resume; anything at or below it is outside the window. The default keeps the newest 10,000 events up
 * to 24 hours old.
 *
 * <p>Ids are assumed to become visible in id order (the persistence layer writes events of concurrent
 * transactions serially). Resuming by id, here and in every SSE client, depends on it.
 */
public final class EventLog {

    /** Rows deleted per statement, so that a large first clean-up never holds long locks. */
    static final int DELETE_CHUNK = 10_000;

    static final String COLUMNS = "e.id, e.event_type, e.acquisition_uuid, e.entity_uuid, e.created_at, e.payload";

    private final DataSource dataSource;
    private final ReplayWindow window;
    private final Clock clock;

    public EventLog(DataSource dataSource, ReplayWindow window, Clock clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.window = Objects.requireNonNull(window, "window");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public EventLog(DataSource dataSource) {
        this(dataSource, ReplayWindow.DEFAULT, Clock.systemUTC());
    }

    public ReplayWindow window() {
        return window;
    }

    /**
     * Events with id greater than {@code afterId}, oldest first, at most {@code limit}, matching the
     * filter's acquisition and types.
     */
    public List<Event> after(long afterId, EventFilter filter, int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be > 0, got " + limit);
        }
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM event_log e WHERE e.id > ?");
        if (filter.acquisitionUuid() != null) {
            sql.append(" AND e.acquisition_uuid = ?");
        }
        List<String> types = List.copyOf(filter.types());
        if (!types.isEmpty()) {
            sql.append(" AND e.event_type IN (")
                    .append("?,".repeat(types.size() - 1))
                    .append("?)");
        }
        sql.append(" ORDER BY e.id LIMIT ?");
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int i = 1;
            ps.setLong(i++, afterId);
            if (filter.acquisitionUuid() != null) {
                ps.setString(i++, filter.acquisitionUuid());
            }
            for (String type : types) {
                ps.setString(i++, type);
            }
            ps.setInt(i, limit);
            try (ResultSet rs = ps.executeQuery()) {
                List<Event> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(read(rs));
                }
                return out;
            }
        } catch (SQLException e) {
            throw new EventLogException("cannot read event_log after id " + afterId, e);
        }
    }

    /** The newest event id, or 0 when the log is empty. */
    public long latestId() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT MAX(id) FROM event_log");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new EventLogException("cannot read the newest event id", e);
        }
    }

    /**
     * The id after which replay is allowed: events with a greater id are inside the replay window. A
     * client asking to resume after a smaller id resumes after this one instead.
     */
    public long replayFloor() {
        long latest = latestId();
        long byCount = Math.max(0, latest - window.maxEvents());
        Instant oldest = clock.instant().minus(window.maxAge());
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT MIN(id) FROM event_log WHERE created_at >= ?")) {
            ps.setObject(1, OffsetDateTime.ofInstant(oldest, ZoneOffset.UTC));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long firstYoung = rs.getLong(1);
                long byAge = rs.wasNull() ? latest : firstYoung - 1;
                return Math.max(byCount, byAge);
            }
        } catch (SQLException e) {
            throw new EventLogException("cannot compute the replay window", e);
        }
    }

    /**
     * Deletes events created before {@code cutoff}, in chunks; returns how many. Keeps events the bus has
     * not confirmed yet (above the outbox position) and the newest event (so that the newest id,
     * which resuming clients compare with, survives a quiet month).
     */
    public int deleteOlderThan(Instant cutoff) {
        String sql = "DELETE FROM event_log WHERE id IN (SELECT e.id FROM event_log e WHERE e.created_at < ?"
                + " AND e.id < (SELECT MAX(id) FROM event_log)"
                + " AND e.id <= (SELECT delivered_through FROM outbox_cursor WHERE id = 1) ORDER BY e.id LIMIT "
                + DELETE_CHUNK + ")";
        int total = 0;
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC));
            for (int n = DELETE_CHUNK; n == DELETE_CHUNK; total += n) {
                n = ps.executeUpdate();
            }
            return total;
        } catch (SQLException e) {
            throw new EventLogException("cannot delete events older than " + cutoff + " (" + total + " deleted)", e);
        }
    }

    static Event read(ResultSet rs) throws SQLException {
        OffsetDateTime created = rs.getObject("created_at", OffsetDateTime.class);
        return new Event(
                rs.getLong("id"),
                rs.getString("event_type"),
                rs.getString("acquisition_uuid"),
                rs.getString("entity_uuid"),
                created.toInstant(),
                rs.getString("payload"));
    }

    /** The event log could not be read. */
    public static final class EventLogException extends RuntimeException {
        public EventLogException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
