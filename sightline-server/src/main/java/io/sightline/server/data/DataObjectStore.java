package io.sightline.server.data;

import io.sightline.server.persistence.ColumnType;
import io.sightline.server.persistence.DataException;
import io.sightline.server.persistence.Database;
import io.sightline.server.persistence.PostgresBulkInsert;
import io.sightline.server.persistence.WriteTransactions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code data_object} and {@code data_object_parent} tables. Registrations and status changes go
 * through {@link WriteTransactions}, so that each commits with its {@code data_object.*} events; reads
 * take a pooled connection.
 */
public final class DataObjectStore {
    /** Ids per {@code IN (...)} list: well inside both databases' parameter limits. */
    private static final int IN_CHUNK = 500;
    /** The most ancestors {@link #lineage} follows; lineage is a chain of a handful, so this only stops a loop. */
    static final int MAX_LINEAGE = 1_000;

    /** Rows per multi-row INSERT on H2 (15 parameters each). */
    private static final int ROWS_PER_STATEMENT = 500;

    /** The columns a registration writes ({@code verified_at} stays NULL), and their types. */
    private static final List<String> INSERT_COLUMNS = List.of(
            "uid",
            "kind",
            "session",
            "path",
            "server_path",
            "size_bytes",
            "mtime",
            "shape",
            "dtype",
            "format",
            "entity_uuid",
            "checksum",
            "status",
            "metadata",
            "created_at");

    /** Text but for the size and the two timestamps. */
    private static final List<ColumnType> INSERT_TYPES = INSERT_COLUMNS.stream()
            .map(column -> switch (column) {
                case "size_bytes" -> ColumnType.INTEGER;
                case "mtime", "created_at" -> ColumnType.TIMESTAMP;
                default -> ColumnType.STRING;
            })
            .toList();

    private static final String COLUMNS = "uid, kind, session, path, server_path, size_bytes, mtime, shape, dtype,"
            + " format, entity_uuid, checksum, status, metadata, created_at, verified_at";

    private final Database database;
    private final WriteTransactions transactions;
    private final DataObjectJson json;

    public DataObjectStore(Database database, WriteTransactions transactions, DataObjectJson json) {
        this.database = database;
        this.transactions = transactions;
        this.json = json;
    }

    /** One registration's outcome: the stored object and whether this request created it. */
    public record Registered(DataObject object, boolean created) {}

    /**
     * Registers every object or none, with one {@code data_object.registered} event for each new one. A uid
     * registered before for the same file, kind and session answers the stored object (not created); for
     * another file it is a {@link DataException.Conflict}. Parents must be registered, or in the same batch.
     */
    public List<Registered> register(List<NewDataObject> objects) {
        return transactions.write(tx -> {
            Connection c = tx.connection();
            Map<String, DataObject> existing =
                    byUid(c, objects.stream().map(NewDataObject::uid).toList());
            Set<String> batch = new HashSet<>();
            List<NewDataObject> fresh = new ArrayList<>();
            for (NewDataObject o : objects) {
                DataObject before = existing.get(o.uid());
                if (before != null && !o.sameAs(before)) {
                    throw new DataException.Conflict(
                            "data object " + o.uid() + " is registered for " + before.path() + " (" + before.kind()
                                    + ", session " + before.session() + "), not " + o.path(),
                            o.uid());
                }
                if (before == null && batch.add(o.uid())) {
                    fresh.add(o);
                } else if (before == null) {
                    NewDataObject first = fresh.stream()
                            .filter(f -> f.uid().equals(o.uid()))
                            .findFirst()
                            .orElseThrow();
                    if (!first.sameFileAs(o)) {
                        throw new DataException.Conflict(
                                "data object " + o.uid() + " comes twice in the batch, for " + first.path() + " and "
                                        + o.path(),
                                o.uid());
                    }
                }
            }
            checkParents(c, fresh, batch);
            insert(c, fresh, tx.now());
            // what was inserted is known: no second read of the rows just written
            Map<String, DataObject> stored = new HashMap<>(existing);
            for (NewDataObject o : fresh) {
                stored.put(o.uid(), inserted(o, tx.now()));
            }
            for (NewDataObject o : fresh) {
                DataObject object = stored.get(o.uid());
                tx.emit(
                        "data_object.registered",
                        acquisitionOf(object.session()),
                        object.uid(),
                        json.object(object).toString());
            }
            Set<String> seen = new HashSet<>();
            List<Registered> answer = new ArrayList<>(objects.size());
            for (NewDataObject o : objects) {
                boolean created = !existing.containsKey(o.uid()) && seen.add(o.uid());
                answer.add(new Registered(stored.get(o.uid()), created));
            }
            return answer;
        });
    }

    /** The row {@link #insert} writes for {@code o}, as {@link #get} would read it. */
    private static DataObject inserted(NewDataObject o, Instant now) {
        return new DataObject(
                o.uid(),
                o.kind(),
                o.session(),
                o.path(),
                o.serverPath(),
                o.size(),
                o.mtime(),
                o.shape(),
                o.dtype(),
                o.format(),
                o.entityUuid(),
                o.checksum(),
                o.checksum() == null ? DataObject.Status.REGISTERED : DataObject.Status.VERIFYING,
                o.metadata(),
                now,
                null,
                o.parents());
    }

    private void checkParents(Connection c, List<NewDataObject> fresh, Set<String> batch) throws SQLException {
        Set<String> outside = new LinkedHashSet<>();
        for (NewDataObject o : fresh) {
            for (String parent : o.parents()) {
                if (parent.equals(o.uid())) {
                    throw new DataException.Invalid("parents", "data object " + o.uid() + " cannot be its own parent");
                }
                if (!batch.contains(parent)) {
                    outside.add(parent);
                }
            }
        }
        Set<String> known = uidsPresent(c, outside);
        for (NewDataObject o : fresh) {
            for (String parent : o.parents()) {
                if (!batch.contains(parent) && !known.contains(parent)) {
                    throw new DataException.NotFound(
                            "parent " + parent + " of data object " + o.uid() + " is not registered");
                }
            }
        }
    }

    /**
     * Writes the rows of {@code fresh} and their parent links with a statement per table (per chunk), not a
     * round per row: on PostgreSQL through {@link PostgresBulkInsert}, on H2 as multi-row {@code VALUES}
     * (a JDBC batch runs its rows one by one there, each with its own command execution).
     */
    private void insert(Connection c, List<NewDataObject> fresh, Instant now) throws SQLException {
        if (fresh.isEmpty()) {
            return;
        }
        List<Object[]> rows = new ArrayList<>(fresh.size());
        List<Object[]> links = new ArrayList<>();
        for (NewDataObject o : fresh) {
            rows.add(new Object[] {
                o.uid(),
                o.kind(),
                o.session(),
                o.path(),
                o.serverPath().toString(),
                o.size(),
                o.mtime(),
                shapeText(o.shape()),
                o.dtype(),
                o.format(),
                o.entityUuid(),
                o.checksum(),
                (o.checksum() == null ? DataObject.Status.REGISTERED : DataObject.Status.VERIFYING).wireName(),
                o.metadata(),
                now
            });
            for (int i = 0; i < o.parents().size(); i++) {
                links.add(new Object[] {o.uid(), o.parents().get(i), (long) i});
            }
        }
        insertRows(c, "data_object", INSERT_COLUMNS, INSERT_TYPES, rows);
        if (!links.isEmpty()) {
            insertRows(
                    c,
                    "data_object_parent",
                    List.of("uid", "parent_uid", "position"),
                    List.of(ColumnType.STRING, ColumnType.STRING, ColumnType.INTEGER),
                    links);
        }
    }

    private void insertRows(
            Connection c, String table, List<String> columns, List<ColumnType> types, List<Object[]> rows)
            throws SQLException {
        if (database.dialect() == Database.Dialect.POSTGRESQL) {
            PostgresBulkInsert.insert(c, table, columns, types, rows, null);
            return;
        }
        String row = "(" + String.join(", ", java.util.Collections.nCopies(columns.size(), "?")) + ")";
        for (int from = 0; from < rows.size(); from += ROWS_PER_STATEMENT) {
            List<Object[]> chunk = rows.subList(from, Math.min(rows.size(), from + ROWS_PER_STATEMENT));
            String sql = "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES "
                    + String.join(", ", java.util.Collections.nCopies(chunk.size(), row));
            try (PreparedStatement insert = c.prepareStatement(sql)) {
                int p = 1;
                for (Object[] values : chunk) {
                    for (int i = 0; i < values.length; i++) {
                        Object value = values[i];
                        insert.setObject(
                                p++,
                                types.get(i) == ColumnType.TIMESTAMP
                                        ? OffsetDateTime.ofInstant((Instant) value, ZoneOffset.UTC)
                                        : value);
                    }
                }
                insert.executeUpdate();
            }
        }
    }

    /** The object, or a {@link DataException.NotFound}. */
    public DataObject get(String uid) {
        return find(uid).orElseThrow(() -> new DataException.NotFound("data object " + uid + " is not registered"));
    }

    public Optional<DataObject> find(String uid) {
        return Optional.ofNullable(database.read(c -> byUid(c, List.of(uid)).get(uid)));
    }

    /** The object without its parents (one query: for serving its file). */
    public DataObject getWithoutLineage(String uid) {
        DataObject object = database.read(c -> {
            try (PreparedStatement select =
                    c.prepareStatement("SELECT " + COLUMNS + " FROM data_object WHERE uid = ?")) {
                select.setString(1, uid);
                try (ResultSet rs = select.executeQuery()) {
                    return rs.next() ? row(rs, List.of()) : null;
                }
            }
        });
        if (object == null) {
            throw new DataException.NotFound("data object " + uid + " is not registered");
        }
        return object;
    }

    /** Objects in registration order, filtered by whichever of session, kind and parent are not null. */
    public List<DataObject> list(String session, String kind, String parent, int limit, int offset) {
        StringBuilder sql = new StringBuilder("SELECT " + prefixed("d.") + " FROM data_object d");
        List<String> args = new ArrayList<>();
        if (parent != null) {
            sql.append(" JOIN data_object_parent p ON p.uid = d.uid AND p.parent_uid = ?");
            args.add(parent);
        }
        sql.append(" WHERE 1 = 1");
        if (session != null) {
            sql.append(" AND d.session = ?");
            args.add(session);
        }
        if (kind != null) {
            sql.append(" AND d.kind = ?");
            args.add(kind);
        }
        sql.append(" ORDER BY d.created_at, d.uid LIMIT ? OFFSET ?");
        return database.read(c -> {
            List<DataObject> rows = new ArrayList<>();
            try (PreparedStatement select = c.prepareStatement(sql.toString())) {
                int p = 1;
                for (String arg : args) {
                    select.setString(p++, arg);
                }
                select.setInt(p++, limit);
                select.setInt(p, offset);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        rows.add(row(rs, List.of()));
                    }
                }
            }
            return withParents(c, rows);
        });
    }

    /** The newest object of {@code kind} that shows {@code entityUuid}. */
    public Optional<DataObject> latestFor(String entityUuid, String kind) {
        return database.read(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS
                    + " FROM data_object WHERE entity_uuid = ? AND kind = ? ORDER BY created_at DESC, uid DESC"
                    + " LIMIT 1")) {
                select.setString(1, entityUuid);
                select.setString(2, kind);
                try (ResultSet rs = select.executeQuery()) {
                    return rs.next()
                            ? Optional.of(
                                    withParents(c, List.of(row(rs, List.of()))).getFirst())
                            : Optional.empty();
                }
            }
        });
    }

    /**
     * The atlas image of a grid: the newest object of kind {@code atlas} that names the grid, else the newest
     * atlas object that is a parent of an image of one of the grid's squares. The second is how the agent's
     * lineage knows it when the atlas image could not name its grid (registered before any grid's session
     * linked the atlas, or shared by two grids and naming the other).
     */
    public Optional<DataObject> atlasImageOf(String gridUuid) {
        Optional<DataObject> named = latestFor(gridUuid, "atlas");
        if (named.isPresent()) {
            return named;
        }
        return database.read(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS
                    + " FROM data_object WHERE kind = 'atlas' AND uid IN (SELECT p.parent_uid FROM"
                    + " data_object_parent p JOIN data_object s ON s.uid = p.uid WHERE s.kind = 'gridsquare'"
                    + " AND s.entity_uuid IN (SELECT uuid FROM gridsquare WHERE grid_uuid = ?))"
                    + " ORDER BY created_at DESC, uid DESC LIMIT 1")) {
                select.setString(1, gridUuid);
                try (ResultSet rs = select.executeQuery()) {
                    return rs.next()
                            ? Optional.of(
                                    withParents(c, List.of(row(rs, List.of()))).getFirst())
                            : Optional.empty();
                }
            }
        });
    }

    /** The ancestors of {@code uid}, nearest first (breadth first through every parent), up to the roots. */
    public List<DataObject> lineage(String uid) {
        DataObject start = get(uid);
        return database.read(c -> {
            Map<String, DataObject> seen = new LinkedHashMap<>();
            seen.put(start.uid(), start);
            Deque<String> next = new ArrayDeque<>(start.parents());
            List<DataObject> ancestors = new ArrayList<>();
            while (!next.isEmpty() && ancestors.size() < MAX_LINEAGE) {
                List<String> wave = new ArrayList<>();
                while (!next.isEmpty()) {
                    String parent = next.poll();
                    if (!seen.containsKey(parent) && !wave.contains(parent)) {
                        wave.add(parent);
                    }
                }
                Map<String, DataObject> found = byUid(c, wave);
                for (String parent : wave) {
                    DataObject object = found.get(parent);
                    if (object != null && ancestors.size() < MAX_LINEAGE) {
                        seen.put(parent, object);
                        ancestors.add(object);
                        next.addAll(object.parents());
                    }
                }
            }
            return ancestors;
        });
    }

    /**
     * Records a new status with its event {@code data_object.<status>}; does nothing (and answers false) when
     * the object already has it or is gone.
     */
    public boolean setStatus(String uid, DataObject.Status status, String detail) {
        return transactions.write(tx -> {
            Connection c = tx.connection();
            DataObject before = byUid(c, List.of(uid)).get(uid);
            if (before == null || before.status() == status) {
                return false;
            }
            boolean verifiedNow = status == DataObject.Status.VERIFIED || status == DataObject.Status.CORRUPT;
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE data_object SET status = ?, verified_at = COALESCE(?, verified_at) WHERE uid = ?")) {
                update.setString(1, status.wireName());
                update.setObject(2, verifiedNow ? OffsetDateTime.ofInstant(tx.now(), ZoneOffset.UTC) : null);
                update.setString(3, uid);
                update.executeUpdate();
            }
            DataObject after = byUid(c, List.of(uid)).get(uid);
            var payload = json.object(after);
            if (detail != null) {
                payload.put("detail", detail);
            }
            tx.emit("data_object." + status.wireName(), acquisitionOf(after.session()), uid, payload.toString());
            return true;
        });
    }

    /** Uids of objects still waiting for their checksum (a restart picks them up again). */
    public List<String> awaitingVerification() {
        return database.read(c -> {
            List<String> uids = new ArrayList<>();
            try (PreparedStatement select =
                    c.prepareStatement("SELECT uid FROM data_object WHERE status = ? ORDER BY created_at, uid")) {
                select.setString(1, DataObject.Status.VERIFYING.wireName());
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        uids.add(rs.getString(1));
                    }
                }
            }
            return uids;
        });
    }

    private Map<String, DataObject> byUid(Connection c, Collection<String> uids) throws SQLException {
        List<DataObject> rows = new ArrayList<>();
        forChunks(c, uids, "SELECT " + COLUMNS + " FROM data_object WHERE uid IN ", rs -> rows.add(row(rs, List.of())));
        Map<String, DataObject> map = new HashMap<>();
        for (DataObject o : withParents(c, rows)) {
            map.put(o.uid(), o);
        }
        return map;
    }

    private Set<String> uidsPresent(Connection c, Collection<String> uids) throws SQLException {
        Set<String> present = new HashSet<>();
        forChunks(c, uids, "SELECT uid FROM data_object WHERE uid IN ", rs -> present.add(rs.getString(1)));
        return present;
    }

    private List<DataObject> withParents(Connection c, List<DataObject> rows) throws SQLException {
        if (rows.isEmpty()) {
            return rows;
        }
        Map<String, List<String>> parents = new HashMap<>();
        forChunks(
                c,
                rows.stream().map(DataObject::uid).distinct().toList(),
                "SELECT uid, parent_uid FROM data_object_parent WHERE uid IN ",
                " ORDER BY uid, position",
                rs -> parents.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                        .add(rs.getString(2)));
        return rows.stream()
                .map(o -> withParentList(o, parents.getOrDefault(o.uid(), List.of())))
                .toList();
    }

    private static DataObject withParentList(DataObject o, List<String> parents) {
        return new DataObject(
                o.uid(),
                o.kind(),
                o.session(),
                o.path(),
                o.serverPath(),
                o.size(),
                o.mtime(),
                o.shape(),
                o.dtype(),
                o.format(),
                o.entityUuid(),
                o.checksum(),
                o.status(),
                o.metadata(),
                o.createdAt(),
                o.verifiedAt(),
                List.copyOf(parents));
    }

    @FunctionalInterface
    private interface RowHandler {
        void handle(ResultSet rs) throws SQLException;
    }

    private static void forChunks(Connection c, Collection<String> ids, String sqlBeforeList, RowHandler handler)
            throws SQLException {
        forChunks(c, ids, sqlBeforeList, "", handler);
    }

    private static void forChunks(
            Connection c, Collection<String> ids, String sqlBeforeList, String sqlAfterList, RowHandler handler)
            throws SQLException {
        List<String> all = List.copyOf(new LinkedHashSet<>(ids));
        for (int from = 0; from < all.size(); from += IN_CHUNK) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + IN_CHUNK));
            String marks = String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"));
            try (PreparedStatement select = c.prepareStatement(sqlBeforeList + "(" + marks + ")" + sqlAfterList)) {
                for (int i = 0; i < chunk.size(); i++) {
                    select.setString(i + 1, chunk.get(i));
                }
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        handler.handle(rs);
                    }
                }
            }
        }
    }

    private static String prefixed(String alias) {
        return Arrays.stream(COLUMNS.split(", "))
                .map(col -> alias + col)
                .reduce((a, b) -> a + ", " + b)
                .orElseThrow();
    }

    private static DataObject row(ResultSet rs, List<String> parents) throws SQLException {
        OffsetDateTime verified = rs.getObject(16, OffsetDateTime.class);
        return new DataObject(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                Path.of(rs.getString(5)),
                rs.getLong(6),
                rs.getObject(7, OffsetDateTime.class).toInstant(),
                shapeOf(rs.getString(8)),
                rs.getString(9),
                rs.getString(10),
                rs.getString(11),
                rs.getString(12),
                DataObject.Status.of(rs.getString(13)),
                rs.getString(14),
                rs.getObject(15, OffsetDateTime.class).toInstant(),
                verified == null ? null : verified.toInstant(),
                parents);
    }

    static String shapeText(List<Integer> shape) {
        return shape == null
                ? null
                : String.join(",", shape.stream().map(String::valueOf).toList());
    }

    static List<Integer> shapeOf(String text) {
        return text == null || text.isEmpty()
                ? null
                : Arrays.stream(text.split(",")).map(Integer::valueOf).toList();
    }

    /** Events carry the session as their acquisition when it is an acquisition's uuid (the SSE filter's key). */
    private static String acquisitionOf(String session) {
        return session.length() == 36 && session.chars().filter(ch -> ch == '-').count() == 4 ? session : null;
    }
}
