package io.sightline.server.testing;

import io.sightline.server.events.Event;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Writes events the way persistence does: event_log and outbox rows in one transaction. */
public final class TestEvents {

    private final DataSource dataSource;

    public TestEvents(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Event write(String type, String acquisition, String payloadJson) {
        return write(List.of(new Event(0, type, acquisition, null, Instant.now(), payloadJson)))
                .getFirst();
    }

    /** Inserts the events (ids are assigned by the database) and returns them with their ids. */
    public synchronized List<Event> write(List<Event> events) {
        List<Event> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement log = c.prepareStatement(
                    "INSERT INTO event_log (event_type, acquisition_uuid, entity_uuid, payload, created_at) VALUES (?,?,?,?,?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                for (Event e : events) {
                    Instant at = e.createdAt().truncatedTo(ChronoUnit.MICROS);
                    OffsetDateTime t = OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
                    log.setString(1, e.type());
                    log.setString(2, e.acquisitionUuid());
                    log.setString(3, e.entityUuid());
                    log.setString(4, e.payloadJson());
                    log.setObject(5, t);
                    log.executeUpdate();
                    long id;
                    try (ResultSet keys = log.getGeneratedKeys()) {
                        keys.next();
                        id = keys.getLong(1);
                    }
                    out.add(new Event(id, e.type(), e.acquisitionUuid(), e.entityUuid(), at, e.payloadJson()));
                }
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** Events the bus has not confirmed: above the outbox position. */
    public long outboxDepth() {
        return outboxDepth(dataSource);
    }

    /** Events the bus has not confirmed in the database behind {@code dataSource}. */
    public static long outboxDepth(DataSource dataSource) {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT COUNT(*) FROM event_log WHERE id > (SELECT delivered_through FROM outbox_cursor WHERE id = 1)")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Marks the events up to {@code id} as confirmed by the bus, as the outbox publisher does. */
    public void confirmThrough(long id) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement move =
                        c.prepareStatement("UPDATE outbox_cursor SET delivered_through = ? WHERE id = 1")) {
            move.setLong(1, id);
            move.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
