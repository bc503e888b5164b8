package io.sightline.agent.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Brings a store written by an earlier agent into the change log's layout, inside the opening
 * transaction. That layout kept an {@code outbox} table (one row per change waiting, with its ingest
 * item, or none in its last form) beside {@code entity_state} (each entity's newest fields, or item).
 * The known entities become delivered history, the waiting entries follow them in their order, parked
 * ones parked again; then the old tables go.
 */
final class StoreLayoutUpgrade {
    private StoreLayoutUpgrade() {}

    /** @param now when the upgrade happens (the store's clock): the history rows' and parked entries' time */
    static void fromOutboxAndEntityState(Connection c, Timestamp now) throws SQLException {
        if (!tableExists(c, "ENTITY_STATE") || !tableExists(c, "OUTBOX")) {
            return;
        }
        Map<String, String[]> known = new LinkedHashMap<>(); // uuid -> {type, fields}
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT uuid, entity_type, fields FROM entity_state")) {
            while (rs.next()) {
                known.put(rs.getString(1), new String[] {rs.getString(2), rs.getString(3)});
            }
        }
        long seq = 0;
        try (PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO change_log(seq, entity_type, uuid, item, created_at) VALUES (?, ?, ?, ?, ?)");
                PreparedStatement park =
                        c.prepareStatement("INSERT INTO parked_change(seq, reason, parked_at) VALUES (?, ?, ?)")) {
            for (Map.Entry<String, String[]> entity : known.entrySet()) {
                add(insert, ++seq, entity.getValue()[0], entity.getKey(), entity.getValue()[1], now);
            }
            long history = seq;
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery(
                            "SELECT entity_type, uuid, item, created_at, parked, reason FROM outbox ORDER BY seq")) {
                while (rs.next()) {
                    String uuid = rs.getString(2);
                    String item = rs.getString(3);
                    if (item == null) { // the last form of that layout: the item was the entity's state
                        String[] state = known.get(uuid);
                        item = state == null ? null : state[1];
                    }
                    if (item == null) {
                        continue; // an entry without its entity's state: there is nothing to send
                    }
                    add(insert, ++seq, rs.getString(1), uuid, item, rs.getTimestamp(4));
                    if (rs.getBoolean(5)) {
                        park.setLong(1, seq);
                        park.setString(2, rs.getString(6));
                        park.setTimestamp(3, now);
                        park.addBatch();
                    }
                }
            }
            insert.executeBatch();
            park.executeBatch();
            try (PreparedStatement cursor =
                    c.prepareStatement("UPDATE delivery SET delivered_through = ? WHERE id = 1")) {
                cursor.setLong(1, history);
                cursor.executeUpdate();
            }
        }
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE outbox");
            s.execute("DROP TABLE entity_state");
        }
    }

    private static void add(PreparedStatement insert, long seq, String type, String uuid, String item, Timestamp at)
            throws SQLException {
        insert.setLong(1, seq);
        insert.setString(2, type);
        insert.setString(3, uuid);
        insert.setString(4, item);
        insert.setTimestamp(5, at);
        insert.addBatch();
    }

    private static boolean tableExists(Connection c, String name) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(
                "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC' AND TABLE_NAME = ?")) {
            q.setString(1, name);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getInt(1) > 0;
            }
        }
    }
}
