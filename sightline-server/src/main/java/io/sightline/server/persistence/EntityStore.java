package io.sightline.server.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Stores acquisition entities: idempotent upserts by uuid and natural key, reads, cascading deletes.
 * Every change writes its event ({@code <kind>.created|updated|deleted}) in the same transaction; an
 * unchanged re-send writes nothing.
 *
 * <p>Upserts are applied a kind at a time, parents first, each kind with a handful of statements
 * whatever the batch size: one query for the parents, one for the stored rows, one for natural-key
 * owners, one JDBC batch of inserts and one of updates (per 1,000 rows). Plain INSERT and UPDATE
 * statements keep one SQL text for H2 and PostgreSQL; they are safe without ON CONFLICT because
 * writers are serialised (see {@link WriteTransactions}) and the unique constraints still guard
 * against anything else.
 */
public final class EntityStore {
    private static final int CHUNK = 1000;

    private final Database database;
    private final WriteTransactions transactions;
    private final EntityJson json;
    /** Every upsert goes through this one batch, so that concurrent callers' upserts are applied together. */
    private final WriteTransactions.Batch<UpsertRequest, List<UpsertResult>> upsertBatch = this::upsertTogether;

    public EntityStore(Database database, WriteTransactions transactions, EntityJson json) {
        this.database = database;
        this.transactions = transactions;
        this.json = json;
    }

    // ---------------------------------------------------------------------------------------- writes

    /** Applies the upserts in one transaction; failed items are reported and do not stop the others. */
    public List<UpsertResult> upsert(List<Upsert> upserts) {
        return transactions.write(upsertBatch, new UpsertRequest(upserts, false));
    }

    /**
     * Applies the upserts in one transaction only if every one of them succeeds; otherwise stores nothing
     * and throws the first item's {@link DataException}.
     */
    public List<UpsertResult> upsertAllOrNothing(List<Upsert> upserts) {
        return transactions.write(upsertBatch, new UpsertRequest(upserts, true));
    }

    /** Applies one upsert, throwing its {@link DataException} if it failed. */
    public UpsertResult upsertOne(Upsert upsert) {
        UpsertResult result = upsert(List.of(upsert)).getFirst();
        result.orThrow();
        return result;
    }

    /** One caller's upserts; all or nothing, or each on its own. */
    private record UpsertRequest(List<Upsert> upserts, boolean allOrNothing) {}

    /**
     * The upserts of every caller queued together, applied as one: a kind at a time, so a group of
     * single-entity requests costs the statements of one batch. An all-or-nothing request with a failed
     * item throws, which runs the requests again one at a time (see {@link WriteTransactions#write(
     * WriteTransactions.Batch, Object)}), so that it alone fails.
     */
    private List<List<UpsertResult>> upsertTogether(WriteTransactions.Tx tx, List<UpsertRequest> requests)
            throws SQLException {
        List<Upsert> all = new ArrayList<>();
        requests.forEach(request -> all.addAll(request.upserts()));
        List<UpsertResult> results = upsert(tx, all);
        List<List<UpsertResult>> answers = new ArrayList<>(requests.size());
        int from = 0;
        for (UpsertRequest request : requests) {
            List<UpsertResult> mine =
                    results.subList(from, from + request.upserts().size());
            from += request.upserts().size();
            if (request.allOrNothing()) {
                mine.forEach(UpsertResult::orThrow);
            }
            answers.add(mine);
        }
        return answers;
    }

    /** Applies the upserts inside a transaction the caller holds (for callers that write more). */
    public List<UpsertResult> upsert(WriteTransactions.Tx tx, List<Upsert> given) throws SQLException {
        UpsertResult[] results = new UpsertResult[given.size()];
        List<Upsert> upserts = new ArrayList<>(given);
        for (EntityKind kind : EntityKind.values()) {
            List<Integer> indexes = new ArrayList<>();
            for (int i = 0; i < upserts.size(); i++) {
                if (upserts.get(i).kind() == kind) {
                    indexes.add(i);
                }
            }
            if (!indexes.isEmpty()) {
                // after the parents' kinds: aliases made by this batch's parents resolve too
                resolveAliases(tx.connection(), kind, upserts, indexes);
            }
            for (int from = 0; from < indexes.size(); from += CHUNK) {
                applyKind(tx, kind, upserts, indexes.subList(from, Math.min(indexes.size(), from + CHUNK)), results);
            }
        }
        return List.of(results);
    }

    /** Deletes the entity and, by cascade, everything under it; false when it did not exist. */
    public boolean delete(EntityKind kind, String uuid) {
        return transactions.write(tx -> {
            Optional<Entity> existing = findInTx(tx.connection(), kind, uuid);
            if (existing.isEmpty()) {
                return false;
            }
            String id = existing.get().uuid();
            try (PreparedStatement delete =
                    tx.connection().prepareStatement("DELETE FROM " + kind.table() + " WHERE uuid = ?")) {
                delete.setString(1, id);
                delete.executeUpdate();
            }
            dropOrphanAliases(tx.connection());
            tx.emit(
                    kind.wireName() + ".deleted",
                    existing.get().acquisitionUuid(),
                    id,
                    json.toJsonString(existing.get()));
            return true;
        });
    }

    /**
     * Records an event about an existing entity without changing it (processing feedback, "all
     * registered" notices).
     *
     * @throws DataException.NotFound when the entity does not exist
     */
    public Entity publish(EntityKind kind, String uuid, String eventType, String payloadJson) {
        return transactions.write(tx -> {
            Entity entity = requireInTx(tx.connection(), kind, uuid);
            tx.emit(eventType, entity.acquisitionUuid(), entity.uuid(), payloadJson);
            return entity;
        });
    }

    /**
     * Applies an update of an existing entity and records {@code eventType} about it, in one transaction
     * (the update's own {@code <kind>.updated} event comes first when something changed).
     *
     * @throws DataException when the update fails (the entity does not exist, a value is invalid)
     */
    public Entity updateAndPublish(Upsert update, String eventType, String payloadJson) {
        return transactions.write(tx -> {
            Entity entity = upsert(tx, List.of(update)).getFirst().orThrow();
            tx.emit(eventType, entity.acquisitionUuid(), entity.uuid(), payloadJson);
            return entity;
        });
    }

    /**
     * Stores a processing stage's quality verdict for a micrograph and records {@code eventType}.
     *
     * @throws DataException.NotFound when the micrograph does not exist
     */
    public void recordQuality(
            String micrographUuid,
            String stage,
            String metricName,
            boolean quality,
            String eventType,
            String payloadJson) {
        transactions.write(tx -> {
            Entity micrograph = requireInTx(tx.connection(), EntityKind.MICROGRAPH, micrographUuid);
            String micrographId = micrograph.uuid();
            String metric = metricName == null ? "" : metricName;
            try (PreparedStatement delete = tx.connection()
                    .prepareStatement(
                            "DELETE FROM micrograph_quality WHERE micrograph_uuid = ? AND stage = ? AND metric_name = ?")) {
                delete.setString(1, micrographId);
                delete.setString(2, stage);
                delete.setString(3, metric);
                delete.executeUpdate();
            }
            try (PreparedStatement insert = tx.connection()
                    .prepareStatement(
                            "INSERT INTO micrograph_quality (micrograph_uuid, stage, metric_name, quality, recorded_at) VALUES (?, ?, ?, ?, ?)")) {
                insert.setString(1, micrographId);
                insert.setString(2, stage);
                insert.setString(3, metric);
                insert.setBoolean(4, quality);
                insert.setObject(5, OffsetDateTime.ofInstant(tx.now(), ZoneOffset.UTC));
                insert.executeUpdate();
            }
            tx.emit(eventType, micrograph.acquisitionUuid(), micrographId, payloadJson);
            return null;
        });
    }

    /** The quality verdicts stored for a micrograph, as "stage/metric" → quality. */
    public Map<String, Boolean> qualities(String micrographUuid) {
        return database.read(c -> {
            String id = findInTx(c, EntityKind.MICROGRAPH, micrographUuid)
                    .map(Entity::uuid)
                    .orElse(micrographUuid);
            Map<String, Boolean> out = new LinkedHashMap<>();
            try (PreparedStatement query = c.prepareStatement(
                    "SELECT stage, metric_name, quality FROM micrograph_quality WHERE micrograph_uuid = ? ORDER BY stage, metric_name")) {
                query.setString(1, id);
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1) + "/" + rs.getString(2), rs.getBoolean(3));
                    }
                }
            }
            return out;
        });
    }

    // ----------------------------------------------------------------------------------------- reads

    public Optional<Entity> find(EntityKind kind, String uuid) {
        return database.read(c -> findInTx(c, kind, uuid));
    }

    /** The entity, or {@link DataException.NotFound}. */
    public Entity get(EntityKind kind, String uuid) {
        return find(kind, uuid).orElseThrow(() -> DataException.NotFound.of(kind, uuid));
    }

    /** One acquisition's grid figures: all its grids, and those whose status is {@code completedStatus}. */
    public record GridCount(String acquisitionUuid, long total, long completed) {}

    /** Grid figures of every acquisition (those without grids too), by acquisition uuid. */
    public List<GridCount> gridCounts(String completedStatus) {
        return database.read(c -> {
            List<GridCount> out = new ArrayList<>();
            try (PreparedStatement query = c.prepareStatement("SELECT a.uuid, COUNT(g.uuid),"
                    + " COALESCE(SUM(CASE WHEN g.status = ? THEN 1 ELSE 0 END), 0)"
                    + " FROM acquisition a LEFT JOIN grid g ON g.acquisition_uuid = a.uuid"
                    + " GROUP BY a.uuid ORDER BY a.uuid")) {
                query.setString(1, completedStatus);
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        out.add(new GridCount(rs.getString(1), rs.getLong(2), rs.getLong(3)));
                    }
                }
            }
            return out;
        });
    }

    /**
     * What the dashboard's overview shows of one acquisition: its counts and the first and last
     * micrograph times (null without micrographs).
     */
    public record AcquisitionFigures(
            String acquisitionUuid,
            long squares,
            long holes,
            long micrographs,
            Instant firstMicrograph,
            Instant lastMicrograph) {}

    /** Figures of every acquisition, ordered by uuid. */
    public List<AcquisitionFigures> acquisitionFigures() {
        return database.read(c -> {
            List<AcquisitionFigures> out = new ArrayList<>();
            // one grouped query per table, not a join of all three (a join multiplies the rows)
            try (PreparedStatement query = c.prepareStatement("SELECT a.uuid,"
                    + " (SELECT COUNT(*) FROM gridsquare s WHERE s.acquisition_uuid = a.uuid),"
                    + " (SELECT COUNT(*) FROM foilhole f WHERE f.acquisition_uuid = a.uuid),"
                    + " (SELECT COUNT(*) FROM micrograph m WHERE m.acquisition_uuid = a.uuid),"
                    + " (SELECT MIN(m.acquisition_datetime) FROM micrograph m WHERE m.acquisition_uuid = a.uuid),"
                    + " (SELECT MAX(m.acquisition_datetime) FROM micrograph m WHERE m.acquisition_uuid = a.uuid)"
                    + " FROM acquisition a ORDER BY a.uuid")) {
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        out.add(new AcquisitionFigures(
                                rs.getString(1),
                                rs.getLong(2),
                                rs.getLong(3),
                                rs.getLong(4),
                                instant(rs.getObject(5, OffsetDateTime.class)),
                                instant(rs.getObject(6, OffsetDateTime.class))));
                    }
                }
            }
            return out;
        });
    }

    /** Per grid square of one acquisition: its foil holes, its micrographs and the last micrograph's time. */
    public record SquareFigures(String gridsquareUuid, long holes, long micrographs, Instant lastMicrograph) {}

    /** Figures of the grid squares of one acquisition that have foil holes, by square uuid. */
    public Map<String, SquareFigures> squareFigures(String acquisitionUuid) {
        return database.read(c -> {
            Map<String, SquareFigures> out = new LinkedHashMap<>();
            try (PreparedStatement query = c.prepareStatement(
                    "SELECT f.gridsquare_uuid, COUNT(DISTINCT f.uuid), COUNT(m.uuid), MAX(m.acquisition_datetime)"
                            + " FROM foilhole f LEFT JOIN micrograph m ON m.foilhole_uuid = f.uuid"
                            + " WHERE f.acquisition_uuid = ? GROUP BY f.gridsquare_uuid")) {
                query.setString(1, acquisitionUuid);
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        out.put(
                                rs.getString(1),
                                new SquareFigures(
                                        rs.getString(1),
                                        rs.getLong(2),
                                        rs.getLong(3),
                                        instant(rs.getObject(4, OffsetDateTime.class))));
                    }
                }
            }
            return out;
        });
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    /**
     * The grid square of each micrograph of one acquisition (through its foil hole), by micrograph uuid: the
     * atlas's colour and linked selection group micrographs by square, and two columns cost far less than
     * reading every hole of a 5,000-micrograph acquisition.
     */
    public Map<String, String> squareOfEachMicrograph(String acquisitionUuid) {
        return database.read(c -> {
            Map<String, String> out = new HashMap<>();
            try (PreparedStatement query = c.prepareStatement("SELECT m.uuid, f.gridsquare_uuid FROM micrograph m"
                    + " JOIN foilhole f ON f.uuid = m.foilhole_uuid WHERE m.acquisition_uuid = ?")) {
                query.setString(1, acquisitionUuid);
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), rs.getString(2));
                    }
                }
            }
            return out;
        });
    }

    /** The micrographs of every foil hole of one grid square (the square page's hole lists). */
    public List<Entity> micrographsOfGridSquare(String gridsquareUuid) {
        return database.read(c -> query(
                c,
                EntityKind.MICROGRAPH,
                " WHERE foilhole_uuid IN (SELECT uuid FROM foilhole WHERE gridsquare_uuid = ?)",
                List.of(gridsquareUuid)));
    }

    /** Every entity of a kind that belongs to one acquisition (an acquisition's squares across its grids). */
    public List<Entity> listByAcquisition(EntityKind kind, String acquisitionUuid) {
        if (kind == EntityKind.ACQUISITION) {
            throw new IllegalArgumentException("an acquisition belongs to no acquisition");
        }
        return database.read(c -> query(c, kind, " WHERE acquisition_uuid = ?", List.of(acquisitionUuid)));
    }

    /** Every entity of a kind, ordered by parent and natural key. */
    public List<Entity> list(EntityKind kind) {
        return database.read(c -> query(c, kind, "", List.of()));
    }

    /** One page of the entities of a kind, ordered by parent and natural key. */
    public List<Entity> list(EntityKind kind, Page page) {
        return database.read(c -> query(c, kind, "", List.of(), page));
    }

    /**
     * The children of one parent, ordered by natural key.
     *
     * @throws DataException.NotFound when the parent does not exist
     */
    public List<Entity> listByParent(EntityKind kind, String parentUuid) {
        EntityKind parentKind = kind.parent().orElseThrow(() -> new IllegalArgumentException(kind + " has no parent"));
        return database.read(c -> {
            String parent = requireInTx(c, parentKind, parentUuid).uuid();
            return query(c, kind, " WHERE " + kind.parentColumn() + " = ?", List.of(parent));
        });
    }

    /**
     * One page of the children of one parent, ordered by natural key.
     *
     * @throws DataException.NotFound when the parent does not exist
     */
    public List<Entity> listByParent(EntityKind kind, String parentUuid, Page page) {
        EntityKind parentKind = kind.parent().orElseThrow(() -> new IllegalArgumentException(kind + " has no parent"));
        return database.read(c -> {
            String parent = requireInTx(c, parentKind, parentUuid).uuid(); // an alias names its entity
            return query(c, kind, " WHERE " + kind.parentColumn() + " = ?", List.of(parent), page);
        });
    }

    // ------------------------------------------------------------------------------------- internals

    private void applyKind(
            WriteTransactions.Tx tx,
            EntityKind kind,
            List<Upsert> upserts,
            List<Integer> indexes,
            UpsertResult[] results)
            throws SQLException {
        Connection c = tx.connection();
        Set<String> uuids = new LinkedHashSet<>();
        for (int i : indexes) {
            uuids.add(upserts.get(i).uuid());
        }
        boolean hasKeys = kind.parentColumn() != null && (kind.naturalKeyColumn() != null || kind.onePerParent());
        boolean parentsGiven =
                indexes.stream().allMatch(i -> upserts.get(i).fields().containsKey(kind.parentColumn()));
        Map<String, Entity> stored;
        Map<String, String> keyOwner;
        if (hasKeys && parentsGiven) {
            // The usual case (creates name their parent): the stored rows and the rows holding the natural
            // keys come from one query.
            StoredAndOwners found = storedAndOwners(c, kind, uuids, upserts, indexes);
            stored = found.stored();
            keyOwner = found.owners();
        } else {
            stored = loadByUuid(c, kind, uuids);
            keyOwner = null;
        }

        // Parents (and the acquisition each belongs to), and the second reference of tile positions.
        Map<String, String> parentAcquisition = new HashMap<>();
        Set<String> referencedExisting = new HashSet<>();
        if (kind.parentColumn() != null) {
            Set<String> parents = new HashSet<>();
            Set<String> referenced = new HashSet<>();
            for (int i : indexes) {
                Upsert u = upserts.get(i);
                Entity old = stored.get(u.uuid());
                addIfString(
                        parents,
                        u.fields().containsKey(kind.parentColumn())
                                ? u.fields().get(kind.parentColumn())
                                : old == null ? null : old.parentUuid());
                if (kind.referenced() != null) {
                    addIfString(referenced, u.fields().get(kind.naturalKeyColumn()));
                }
            }
            parentAcquisition = acquisitionsOf(c, kind.parent().orElseThrow(), parents);
            if (kind.referenced() != null) {
                referencedExisting =
                        acquisitionsOf(c, kind.referenced(), referenced).keySet();
            }
        }

        // Who holds each natural key now: stored rows, then this batch as it goes.
        if (keyOwner == null) {
            keyOwner = hasKeys
                    ? naturalKeyOwners(c, kind, parentAcquisition.keySet(), keysOf(kind, upserts, indexes))
                    : new HashMap<>();
        }

        Map<String, Entity> current = new HashMap<>(stored);
        Map<String, Entity> toInsert = new LinkedHashMap<>();
        Map<String, Entity> toUpdate = new LinkedHashMap<>();
        Map<String, String> newAliases = new LinkedHashMap<>();
        for (int i : indexes) {
            Upsert u = upserts.get(i);
            String id = newAliases.getOrDefault(u.uuid(), u.uuid());
            Entity old = current.get(id);
            if (old == null && u.mustExist()) {
                results[i] = UpsertResult.failed(DataException.NotFound.of(kind, u.uuid()));
                continue;
            }
            Map<String, Object> merged = merge(kind, old, u.fields());
            DataException problem = check(kind, merged, parentAcquisition, referencedExisting);
            if (problem == null) {
                String key = naturalKey(kind, merged);
                String owner = key == null ? null : keyOwner.get(key);
                if (owner != null && !owner.equals(id)) {
                    Entity existing = old == null ? ownerEntity(c, kind, owner, current, stored) : null;
                    if (existing == null) {
                        problem = new DataException.Conflict(conflictMessage(kind, merged, owner), owner);
                    } else {
                        // a create naming a taken natural key under a new id: one entity, the id an alias of it
                        newAliases.put(u.uuid(), owner);
                        id = owner;
                        old = existing;
                        merged = merge(kind, old, u.fields());
                    }
                }
            }
            if (problem != null) {
                results[i] = UpsertResult.failed(problem);
                continue;
            }
            String acquisition = kind == EntityKind.ACQUISITION
                    ? id
                    : parentAcquisition.get((String) merged.get(kind.parentColumn()));
            Entity next = new Entity(kind, id, acquisition, merged);
            if (old != null && old.values().equals(next.values())) {
                results[i] = new UpsertResult(Outcome.UNCHANGED, old, null);
                continue;
            }
            if (old != null) {
                String oldKey = naturalKey(kind, old.values());
                if (oldKey != null) {
                    keyOwner.remove(oldKey);
                }
            }
            String newKey = naturalKey(kind, merged);
            if (newKey != null) {
                keyOwner.put(newKey, id);
            }
            current.put(id, next);
            if (stored.containsKey(id)) {
                toUpdate.put(id, next);
            } else {
                toInsert.put(id, next);
            }
            Outcome outcome = old == null ? Outcome.CREATED : Outcome.UPDATED;
            results[i] = new UpsertResult(outcome, next, null);
            tx.emit(kind.wireName() + "." + outcome.wireName(), acquisition, id, json.toJsonString(next));
        }
        insert(c, database.dialect(), kind, toInsert.values());
        update(c, kind, toUpdate.values());
        insertAliases(c, kind, newAliases, tx.now());
    }

    /** The stored values of {@code old} (or the column defaults) with {@code fields} over them. */
    private static Map<String, Object> merge(EntityKind kind, Entity old, Map<String, Object> fields) {
        Map<String, Object> merged = new LinkedHashMap<>();
        for (Column column : kind.columns()) {
            merged.put(column.name(), old == null ? column.defaultValue() : old.get(column.name()));
        }
        merged.putAll(fields);
        return merged;
    }

    /** The entity holding a natural key, from this batch or the database (then counted as stored). */
    private static Entity ownerEntity(
            Connection c, EntityKind kind, String owner, Map<String, Entity> current, Map<String, Entity> stored)
            throws SQLException {
        Entity entity = current.get(owner);
        if (entity == null) {
            entity = loadByUuid(c, kind, List.of(owner)).get(owner);
            if (entity != null) {
                stored.put(owner, entity);
                current.put(owner, entity);
            }
        }
        return entity;
    }

    // --------------------------------------------------------------------------------------- aliases

    /**
     * Replaces aliases by the ids of their entities in the upserts' own ids, parent references and
     * referenced entities (the square of a tile position).
     */
    private static void resolveAliases(Connection c, EntityKind kind, List<Upsert> upserts, List<Integer> indexes)
            throws SQLException {
        Map<EntityKind, Set<String>> ids = new LinkedHashMap<>();
        EntityKind parent = kind.parent().orElse(null);
        for (int i : indexes) {
            Upsert u = upserts.get(i);
            ids.computeIfAbsent(kind, k -> new HashSet<>()).add(u.uuid());
            if (parent != null) {
                addIfString(
                        ids.computeIfAbsent(parent, k -> new HashSet<>()),
                        u.fields().get(kind.parentColumn()));
            }
            if (kind.referenced() != null) {
                addIfString(
                        ids.computeIfAbsent(kind.referenced(), k -> new HashSet<>()),
                        u.fields().get(kind.naturalKeyColumn()));
            }
        }
        Map<EntityKind, Map<String, String>> aliases = aliases(c, ids);
        if (aliases.isEmpty()) {
            return;
        }
        for (int i : indexes) {
            Upsert u = upserts.get(i);
            String id = aliases.getOrDefault(kind, Map.of()).getOrDefault(u.uuid(), u.uuid());
            Map<String, Object> fields = new LinkedHashMap<>(u.fields());
            if (parent != null) {
                replaceAlias(fields, kind.parentColumn(), aliases.get(parent));
            }
            if (kind.referenced() != null) {
                replaceAlias(fields, kind.naturalKeyColumn(), aliases.get(kind.referenced()));
            }
            upserts.set(i, new Upsert(kind, id, fields, u.mustExist()));
        }
    }

    private static void replaceAlias(Map<String, Object> fields, String column, Map<String, String> aliases) {
        if (aliases != null && fields.get(column) instanceof String alias && aliases.containsKey(alias)) {
            fields.put(column, aliases.get(alias));
        }
    }

    /** kind → alias → id of those of {@code ids} that are aliases. */
    private static Map<EntityKind, Map<String, String>> aliases(Connection c, Map<EntityKind, Set<String>> ids)
            throws SQLException {
        Map<EntityKind, Map<String, String>> out = new HashMap<>();
        List<String> all = ids.values().stream().flatMap(Set::stream).distinct().toList();
        for (int from = 0; from < all.size(); from += CHUNK) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
            try (PreparedStatement query = c.prepareStatement(
                    "SELECT kind, alias, uuid FROM entity_alias WHERE alias IN (" + placeholders(chunk.size()) + ")")) {
                for (int p = 0; p < chunk.size(); p++) {
                    query.setString(p + 1, chunk.get(p));
                }
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        EntityKind kind =
                                EntityKind.fromWireName(rs.getString(1)).orElse(null);
                        if (kind != null && ids.getOrDefault(kind, Set.of()).contains(rs.getString(2))) {
                            out.computeIfAbsent(kind, k -> new HashMap<>()).put(rs.getString(2), rs.getString(3));
                        }
                    }
                }
            }
        }
        return out;
    }

    private static void insertAliases(Connection c, EntityKind kind, Map<String, String> aliases, Instant now)
            throws SQLException {
        if (aliases.isEmpty()) {
            return;
        }
        try (PreparedStatement insert =
                c.prepareStatement("INSERT INTO entity_alias (kind, alias, uuid, created_at) VALUES (?, ?, ?, ?)")) {
            for (Map.Entry<String, String> a : aliases.entrySet()) {
                insert.setString(1, kind.wireName());
                insert.setString(2, a.getKey());
                insert.setString(3, a.getValue());
                insert.setObject(4, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** Removes the aliases of entities that no longer exist (a delete cascades over every kind below it). */
    private static void dropOrphanAliases(Connection c) throws SQLException {
        for (EntityKind kind : EntityKind.values()) {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM entity_alias WHERE kind = ? AND NOT EXISTS"
                    + " (SELECT 1 FROM " + kind.table() + " t WHERE t.uuid = entity_alias.uuid)")) {
                delete.setString(1, kind.wireName());
                delete.executeUpdate();
            }
        }
    }

    /** The entity with this id, or the entity this id is an alias of. */
    private static Optional<Entity> findInTx(Connection c, EntityKind kind, String id) throws SQLException {
        Optional<Entity> direct =
                loadByUuid(c, kind, List.of(id)).values().stream().findFirst();
        if (direct.isPresent()) {
            return direct;
        }
        String target = aliases(c, Map.of(kind, Set.of(id)))
                .getOrDefault(kind, Map.of())
                .get(id);
        return target == null
                ? Optional.empty()
                : loadByUuid(c, kind, List.of(target)).values().stream().findFirst();
    }

    private static void addIfString(Set<String> set, Object value) {
        if (value instanceof String s) {
            set.add(s);
        }
    }

    private static DataException check(
            EntityKind kind,
            Map<String, Object> merged,
            Map<String, String> parentAcquisition,
            Set<String> referencedExisting) {
        for (Column column : kind.columns()) {
            Object value = merged.get(column.name());
            if (value == null && (column.requiredOnCreate() || column.defaultValue() != null)) {
                return new DataException.Invalid(column.name(), "field '" + column.name() + "' is required");
            }
        }
        if (kind.parentColumn() != null) {
            String parent = (String) merged.get(kind.parentColumn());
            if (!parentAcquisition.containsKey(parent)) {
                return DataException.NotFound.of(kind.parent().orElseThrow(), parent);
            }
        }
        if (kind.referenced() != null) {
            String referenced = (String) merged.get(kind.naturalKeyColumn());
            if (!referencedExisting.contains(referenced)) {
                return DataException.NotFound.of(kind.referenced(), referenced);
            }
        }
        return null;
    }

    /** "parent \0 natural key", or null when the kind or the entity has no natural key. */
    private static String naturalKey(EntityKind kind, Map<String, Object> values) {
        if (kind.parentColumn() == null) {
            return null;
        }
        Object parent = values.get(kind.parentColumn());
        if (kind.onePerParent()) {
            return parent + "\0";
        }
        if (kind.naturalKeyColumn() == null) {
            return null;
        }
        Object key = values.get(kind.naturalKeyColumn());
        return key == null ? null : parent + "\0" + key;
    }

    private static String conflictMessage(EntityKind kind, Map<String, Object> values, String owner) {
        String parentName = kind.parent().orElseThrow().wireName();
        Object parent = values.get(kind.parentColumn());
        if (kind.onePerParent()) {
            return parentName + " " + parent + " already has a " + kind.wireName() + ": " + owner;
        }
        return kind.naturalKeyColumn() + " '" + values.get(kind.naturalKeyColumn()) + "' already exists in "
                + parentName + " " + parent + " as " + kind.wireName() + " " + owner;
    }

    /** The natural keys the upserts give (empty for a kind with one child per parent). */
    private static Set<String> keysOf(EntityKind kind, List<Upsert> upserts, List<Integer> indexes) {
        Set<String> keys = new HashSet<>();
        if (!kind.onePerParent()) {
            for (int i : indexes) {
                addIfString(keys, upserts.get(i).fields().get(kind.naturalKeyColumn()));
            }
        }
        return keys;
    }

    /** The stored rows of some uuids, and "parent \0 key" → uuid of the rows holding some natural keys. */
    private record StoredAndOwners(Map<String, Entity> stored, Map<String, String> owners) {}

    /**
     * The stored rows with {@code uuids} and the rows holding the natural keys the upserts give under the
     * parents they give, in one statement: a UNION ALL of a primary-key lookup and a lookup on the
     * natural-key index, each of which both engines answer from its index.
     */
    private static StoredAndOwners storedAndOwners(
            Connection c, EntityKind kind, Set<String> uuids, List<Upsert> upserts, List<Integer> indexes)
            throws SQLException {
        Set<String> parents = new HashSet<>();
        for (int i : indexes) {
            addIfString(parents, upserts.get(i).fields().get(kind.parentColumn()));
        }
        Set<String> keys = keysOf(kind, upserts, indexes);
        boolean byKey = !parents.isEmpty() && (kind.onePerParent() || !keys.isEmpty());
        StringBuilder sql = new StringBuilder("SELECT ")
                .append(selectList(kind))
                .append(" FROM ")
                .append(kind.table())
                .append(" WHERE uuid IN (")
                .append(placeholders(uuids.size()))
                .append(")");
        List<String> params = new ArrayList<>(uuids);
        if (byKey) {
            sql.append(" UNION ALL SELECT ")
                    .append(selectList(kind))
                    .append(" FROM ")
                    .append(kind.table())
                    .append(" WHERE ")
                    .append(kind.parentColumn())
                    .append(" IN (")
                    .append(placeholders(parents.size()))
                    .append(")");
            params.addAll(parents);
            if (!kind.onePerParent()) {
                sql.append(" AND ")
                        .append(kind.naturalKeyColumn())
                        .append(" IN (")
                        .append(placeholders(keys.size()))
                        .append(")");
                params.addAll(keys);
            }
        }
        Map<String, Entity> stored = new HashMap<>();
        Map<String, String> owners = new HashMap<>();
        for (Entity row : rows(c, kind, sql.toString(), params)) {
            if (uuids.contains(row.uuid())) {
                stored.put(row.uuid(), row);
            }
            String key = naturalKey(kind, row.values());
            if (key != null) {
                owners.put(key, row.uuid());
            }
        }
        return new StoredAndOwners(stored, owners);
    }

    private static Map<String, String> naturalKeyOwners(
            Connection c, EntityKind kind, Set<String> parents, Set<String> keys) throws SQLException {
        Map<String, String> owners = new HashMap<>();
        if (parents.isEmpty() || (!kind.onePerParent() && keys.isEmpty())) {
            return owners;
        }
        StringBuilder sql = new StringBuilder("SELECT uuid, ").append(kind.parentColumn());
        if (!kind.onePerParent()) {
            sql.append(", ").append(kind.naturalKeyColumn());
        }
        sql.append(" FROM ")
                .append(kind.table())
                .append(" WHERE ")
                .append(kind.parentColumn())
                .append(" IN (")
                .append(placeholders(parents.size()))
                .append(")");
        List<Object> params = new ArrayList<>(parents);
        if (!kind.onePerParent()) {
            sql.append(" AND ")
                    .append(kind.naturalKeyColumn())
                    .append(" IN (")
                    .append(placeholders(keys.size()))
                    .append(")");
            params.addAll(keys);
        }
        try (PreparedStatement query = c.prepareStatement(sql.toString())) {
            for (int p = 0; p < params.size(); p++) {
                query.setString(p + 1, (String) params.get(p));
            }
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    String key =
                            kind.onePerParent() ? rs.getString(2) + "\0" : rs.getString(2) + "\0" + rs.getString(3);
                    owners.put(key, rs.getString(1));
                }
            }
        }
        return owners;
    }

    /** uuid → acquisition uuid of those of {@code uuids} that exist as {@code kind}. */
    private static Map<String, String> acquisitionsOf(Connection c, EntityKind kind, Collection<String> uuids)
            throws SQLException {
        Map<String, String> out = new HashMap<>();
        if (uuids.isEmpty()) {
            return out;
        }
        String acquisitionColumn = acquisitionColumn(kind);
        List<String> all = new ArrayList<>(uuids);
        for (int from = 0; from < all.size(); from += CHUNK) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
            try (PreparedStatement query = c.prepareStatement("SELECT uuid, " + acquisitionColumn + " FROM "
                    + kind.table() + " WHERE uuid IN (" + placeholders(chunk.size()) + ")")) {
                for (int p = 0; p < chunk.size(); p++) {
                    query.setString(p + 1, chunk.get(p));
                }
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), rs.getString(2));
                    }
                }
            }
        }
        return out;
    }

    private static Entity requireInTx(Connection c, EntityKind kind, String uuid) throws SQLException {
        return findInTx(c, kind, uuid).orElseThrow(() -> DataException.NotFound.of(kind, uuid));
    }

    private static Map<String, Entity> loadByUuid(Connection c, EntityKind kind, Collection<String> uuids)
            throws SQLException {
        Map<String, Entity> out = new HashMap<>();
        List<String> all = new ArrayList<>(uuids);
        for (int from = 0; from < all.size(); from += CHUNK) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
            for (Entity e : query(c, kind, " WHERE uuid IN (" + placeholders(chunk.size()) + ")", chunk)) {
                out.put(e.uuid(), e);
            }
        }
        return out;
    }

    private static List<Entity> query(Connection c, EntityKind kind, String where, List<String> params)
            throws SQLException {
        return rows(c, kind, "SELECT " + selectList(kind) + " FROM " + kind.table() + where + orderBy(kind), params);
    }

    private static List<Entity> query(Connection c, EntityKind kind, String where, List<String> params, Page page)
            throws SQLException {
        // both numbers are checked ints and longs, never text from the request
        return rows(
                c,
                kind,
                "SELECT " + selectList(kind) + " FROM " + kind.table() + where + orderBy(kind) + " LIMIT "
                        + page.limit() + " OFFSET " + page.offset(),
                params);
    }

    /** Runs {@code sql}, which selects {@link #selectList} of {@code kind}, and reads the entities. */
    private static List<Entity> rows(Connection c, EntityKind kind, String sql, List<String> params)
            throws SQLException {
        List<Entity> out = new ArrayList<>();
        try (PreparedStatement query = c.prepareStatement(sql)) {
            for (int p = 0; p < params.size(); p++) {
                query.setString(p + 1, params.get(p));
            }
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    String uuid = rs.getString(1);
                    String acquisition = rs.getString(2);
                    Map<String, Object> values = new LinkedHashMap<>();
                    int index = 3;
                    for (Column column : kind.columns()) {
                        values.put(column.name(), read(rs, index++, column.type()));
                    }
                    out.add(new Entity(kind, uuid, acquisition, values));
                }
            }
        }
        return out;
    }

    private static String selectList(EntityKind kind) {
        return "uuid, " + acquisitionColumn(kind) + ", "
                + kind.columns().stream().map(Column::name).collect(Collectors.joining(", "));
    }

    /** The column holding an entity's acquisition: its own uuid for an acquisition. */
    private static String acquisitionColumn(EntityKind kind) {
        return kind == EntityKind.ACQUISITION ? "uuid" : "acquisition_uuid";
    }

    private static String orderBy(EntityKind kind) {
        List<String> order = new ArrayList<>();
        if (kind.parentColumn() != null) {
            order.add(kind.parentColumn());
        }
        if (kind.naturalKeyColumn() != null) {
            order.add(kind.naturalKeyColumn());
        }
        if (kind.column("name").isPresent()) {
            order.add("name"); // grids: by session folder, and by name while they have none
        }
        order.add("uuid");
        return " ORDER BY " + String.join(", ", order);
    }

    private static void insert(Connection c, Database.Dialect dialect, EntityKind kind, Collection<Entity> entities)
            throws SQLException {
        if (entities.isEmpty()) {
            return;
        }
        List<String> names = new ArrayList<>();
        List<ColumnType> types = new ArrayList<>();
        names.add("uuid");
        types.add(ColumnType.STRING);
        if (kind.storesAcquisitionUuid()) {
            names.add("acquisition_uuid");
            types.add(ColumnType.STRING);
        }
        for (Column column : kind.columns()) {
            names.add(column.name());
            types.add(column.type());
        }
        if (dialect == Database.Dialect.POSTGRESQL) {
            List<Object[]> rows = new ArrayList<>(entities.size());
            for (Entity entity : entities) {
                Object[] row = new Object[names.size()];
                int p = 0;
                row[p++] = entity.uuid();
                if (kind.storesAcquisitionUuid()) {
                    row[p++] = entity.acquisitionUuid();
                }
                for (Column column : kind.columns()) {
                    row[p++] = entity.get(column.name());
                }
                rows.add(row);
            }
            PostgresBulkInsert.insert(c, kind.table(), names, types, rows, null);
            return;
        }
        String sql = "INSERT INTO " + kind.table() + " (" + String.join(", ", names) + ") VALUES ("
                + placeholders(names.size()) + ")";
        try (PreparedStatement insert = c.prepareStatement(sql)) {
            for (Entity entity : entities) {
                int p = 1;
                insert.setString(p++, entity.uuid());
                if (kind.storesAcquisitionUuid()) {
                    insert.setString(p++, entity.acquisitionUuid());
                }
                for (Column column : kind.columns()) {
                    bind(insert, p++, column.type(), entity.get(column.name()));
                }
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static void update(Connection c, EntityKind kind, Collection<Entity> entities) throws SQLException {
        if (entities.isEmpty()) {
            return;
        }
        List<String> assignments = new ArrayList<>();
        if (kind.storesAcquisitionUuid()) {
            assignments.add("acquisition_uuid = ?");
        }
        kind.columns().forEach(column -> assignments.add(column.name() + " = ?"));
        String sql = "UPDATE " + kind.table() + " SET " + String.join(", ", assignments) + " WHERE uuid = ?";
        try (PreparedStatement update = c.prepareStatement(sql)) {
            for (Entity entity : entities) {
                int p = 1;
                if (kind.storesAcquisitionUuid()) {
                    update.setString(p++, entity.acquisitionUuid());
                }
                for (Column column : kind.columns()) {
                    bind(update, p++, column.type(), entity.get(column.name()));
                }
                update.setString(p, entity.uuid());
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    private static void bind(PreparedStatement statement, int index, ColumnType type, Object value)
            throws SQLException {
        if (value == null) {
            statement.setNull(
                    index,
                    switch (type) {
                        case STRING -> Types.VARCHAR;
                        case INTEGER -> Types.BIGINT;
                        case NUMBER -> Types.DOUBLE;
                        case BOOLEAN -> Types.BOOLEAN;
                        case TIMESTAMP -> Types.TIMESTAMP_WITH_TIMEZONE;
                    });
            return;
        }
        switch (type) {
            case STRING -> statement.setString(index, (String) value);
            case INTEGER -> statement.setLong(index, (Long) value);
            case NUMBER -> statement.setDouble(index, (Double) value);
            case BOOLEAN -> statement.setBoolean(index, (Boolean) value);
            case TIMESTAMP -> statement.setObject(index, OffsetDateTime.ofInstant((Instant) value, ZoneOffset.UTC));
        }
    }

    private static Object read(ResultSet rs, int index, ColumnType type) throws SQLException {
        Object value = switch (type) {
            case STRING -> rs.getString(index);
            case INTEGER -> rs.getLong(index);
            case NUMBER -> rs.getDouble(index);
            case BOOLEAN -> rs.getBoolean(index);
            case TIMESTAMP -> {
                OffsetDateTime time = rs.getObject(index, OffsetDateTime.class);
                yield time == null ? null : time.toInstant();
            }
        };
        return rs.wasNull() ? null : value;
    }

    private static String placeholders(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }
}
