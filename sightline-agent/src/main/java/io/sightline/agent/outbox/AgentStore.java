package io.sightline.agent.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.sightline.agent.images.DataObjectRegistration;
import io.sightline.agent.images.ImageSink;
import io.sightline.agent.ingest.EntityChange;
import io.sightline.agent.ingest.EntitySink;
import io.sightline.agent.ingest.FileHashes;
import io.sightline.agent.ingest.ParentRef;
import io.sightline.agent.ingest.PendingChildren;
import io.sightline.core.wire.EntityType;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The agent's local state in an embedded H2 database (plain JDBC): the durable outbox, the files
 * waiting for a parent, and what the agent already knows (each entity's last fields, each applied file's
 * content hash) so that a restart neither re-reads unchanged files nor re-sends what the server has.
 * Outbox and known entities are one change log: every change is committed to it before anything is
 * sent, and a delivery cursor moves over entries when the server acknowledged them ({@link #delivered})
 * or refused them for good ({@link #park}, kept with the reason); the newest row of each entity is what
 * the agent knows of it ({@link ChangeLogIndex}). It also remembers the final acknowledgement of every
 * steering instruction, so a redelivered instruction is acknowledged again without running its handler
 * twice, also across restarts. One connection, every method synchronized.
 */
public final class AgentStore implements EntitySink, ImageSink, PendingChildren, FileHashes, AutoCloseable {
    private static final ObjectMapper FIELDS = JsonMapper.builder()
            .enable(DeserializationFeature.USE_LONG_FOR_INTS) // the reconciler's fields hold Long, never Integer
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private static final String SCHEMA = """
            CREATE TABLE IF NOT EXISTS change_log (
              seq BIGINT NOT NULL PRIMARY KEY,
              entity_type VARCHAR(64) NOT NULL,
              uuid VARCHAR(64) NOT NULL,
              item CHARACTER LARGE OBJECT NOT NULL,
              created_at TIMESTAMP WITH TIME ZONE NOT NULL);
            CREATE TABLE IF NOT EXISTS delivery (
              id INT NOT NULL PRIMARY KEY,
              delivered_through BIGINT NOT NULL);
            MERGE INTO delivery(id, delivered_through) KEY(id) SELECT 1, 0 FROM DUAL
              WHERE NOT EXISTS (SELECT 1 FROM delivery WHERE id = 1);
            CREATE TABLE IF NOT EXISTS parked_change (
              seq BIGINT NOT NULL PRIMARY KEY,
              reason VARCHAR(2000),
              parked_at TIMESTAMP WITH TIME ZONE NOT NULL);
            CREATE TABLE IF NOT EXISTS file_state (
              path VARCHAR(4000) NOT NULL PRIMARY KEY,
              hash VARCHAR(64) NOT NULL);
            CREATE TABLE IF NOT EXISTS pending_child (
              parent_type VARCHAR(32) NOT NULL,
              parent_id VARCHAR(4000) NOT NULL,
              path VARCHAR(4000) NOT NULL PRIMARY KEY,
              since TIMESTAMP WITH TIME ZONE NOT NULL);
            CREATE TABLE IF NOT EXISTS held_registration (
              seq BIGINT NOT NULL PRIMARY KEY,
              held_at TIMESTAMP WITH TIME ZONE NOT NULL,
              released BOOLEAN DEFAULT FALSE NOT NULL);
            CREATE TABLE IF NOT EXISTS instruction_ack (
              instruction_id VARCHAR(200) NOT NULL PRIMARY KEY,
              ack CHARACTER LARGE OBJECT NOT NULL,
              stored_at TIMESTAMP WITH TIME ZONE NOT NULL);
            """;
    /** Replaced rows are deleted once this many are delivered (and at every start). */
    private static final int COMPACT_AT = 5000;

    private final Connection connection;
    private final Clock clock;
    private final String description;
    private final FileLock lock;
    private final ChangeLogIndex log;
    /** Rows of {@code held_registration}: image registrations waiting for a server that takes them. */
    private int held;

    private AgentStore(String url, String description, Clock clock, FileLock lock) throws SQLException {
        this.lock = lock;
        this.connection = DriverManager.getConnection(url, "sa", "");
        this.clock = clock;
        this.description = description;
        try {
            try (Statement s = connection.createStatement()) {
                s.execute(SCHEMA);
                // Items are CLOBs of a few hundred bytes; past H2's default of 256 bytes each went to the
                // separate LOB store, a second write and a stream read apiece. Inline up to 64 KB they cost
                // what a VARCHAR does (persistent; existing stores take it on from their next write).
                s.execute("SET MAX_LENGTH_INPLACE_LOB 65536");
            }
            connection.setAutoCommit(false);
            StoreLayoutUpgrade.fromOutboxAndEntityState(connection, Timestamp.from(clock.instant()));
            this.log = loadIndex();
            this.held = countHeld();
            forgetReleased();
            compact(log.deliveredThrough());
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /** The log's bookkeeping, read back: every row's seq and uuid, the cursor and what was parked above it. */
    private ChangeLogIndex loadIndex() throws SQLException {
        ChangeLogIndex index;
        try (Statement s = connection.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT delivered_through FROM delivery WHERE id = 1")) {
                rs.next();
                index = new ChangeLogIndex(rs.getLong(1));
            }
            try (ResultSet rs = s.executeQuery("SELECT seq, uuid FROM change_log ORDER BY seq")) {
                while (rs.next()) {
                    index.loaded(rs.getLong(1), rs.getString(2));
                }
            }
            // parked and held entries are done: passed over by delivery, even above the cursor
            try (ResultSet rs =
                    s.executeQuery("SELECT seq FROM parked_change UNION SELECT seq FROM held_registration")) {
                while (rs.next()) {
                    index.loadedDone(rs.getLong(1));
                }
            }
        }
        return index;
    }

    /**
     * Opens (or creates) the store under {@code stateDir}. Fails with {@link StoreException} when the
     * directory cannot be created or another agent holds the database.
     */
    public static AgentStore open(Path stateDir) {
        return open(stateDir, Clock.systemUTC());
    }

    /** {@link #open(Path)} with the clock that stamps stored rows (tests). */
    public static AgentStore open(Path stateDir, Clock clock) {
        try {
            Files.createDirectories(stateDir);
            Path file = stateDir.toAbsolutePath().resolve("agent");
            FileLock lock = lock(stateDir.resolve("agent.lock"));
            try {
                return new AgentStore(
                        "jdbc:h2:file:" + file + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE", file + ".mv.db", clock, lock);
            } catch (SQLException e) {
                release(lock);
                throw e;
            }
        } catch (java.io.IOException | SQLException e) {
            throw new StoreException("cannot open the agent state under " + stateDir + ": " + firstLine(e), e);
        }
    }

    /** A store that lives as long as it is open (dry runs, tests). */
    public static AgentStore inMemory(String name) {
        return inMemory(name, Clock.systemUTC());
    }

    /** {@link #inMemory(String)} with the clock that stamps stored rows (tests). */
    public static AgentStore inMemory(String name, Clock clock) {
        try {
            return new AgentStore("jdbc:h2:mem:" + name, "memory:" + name, clock, null);
        } catch (SQLException e) {
            throw new StoreException("cannot open an in-memory store: " + firstLine(e), e);
        }
    }

    /** One agent per state directory: a second one (this process or another) is refused. */
    private static FileLock lock(Path lockFile) throws java.io.IOException {
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new java.io.IOException("another agent is using it (" + lockFile + " is locked)");
        }
        return lock;
    }

    private static void release(FileLock lock) {
        if (lock == null) {
            return;
        }
        try {
            lock.release();
            lock.channel().close();
        } catch (java.io.IOException ignored) {
            // closing the channel frees the lock anyway
        }
    }

    public String description() {
        return description;
    }

    // ---- the change log: the outbox and what is known ----

    /**
     * Stores the changes and the files' hashes in one transaction. Each change is one row of the change
     * log, appended under the next sequence number: it is the outbox entry (waiting while its seq is above
     * the delivery cursor) and, as the entity's newest row, what the agent knows of it. Rows with
     * ascending keys and no secondary index are the cheapest writes H2 has; the layout before (an outbox
     * row plus a merge into a table keyed by uuid) cost twice the CPU, most of it in writing the uuid
     * index's pages at each commit.
     */
    @Override
    public synchronized void append(List<EntityChange> changes, Map<Path, String> appliedFiles) {
        List<Row> rows = new ArrayList<>(changes.size());
        for (EntityChange change : changes) {
            rows.add(new Row(change.type().wireName(), change.uuid(), change.toItemJson()));
        }
        appendRows(rows, appliedFiles);
    }

    /**
     * Stores image registrations as rows of the same change log (type {@link DataObjectRegistration#OUTBOX_TYPE}),
     * so they are delivered in order with the entities and survive a crash the same way; the image files'
     * stamps go where the manifests' hashes go.
     */
    @Override
    public synchronized void register(List<DataObjectRegistration> registrations, Map<Path, String> imageStamps) {
        List<Row> rows = new ArrayList<>(registrations.size());
        for (DataObjectRegistration r : registrations) {
            rows.add(new Row(DataObjectRegistration.OUTBOX_TYPE, r.uid(), r.json()));
        }
        appendRows(rows, imageStamps);
    }

    /** One change-log row to append: its type, uuid (or uid) and item. */
    private record Row(String type, String uuid, String item) {}

    private void appendRows(List<Row> changes, Map<Path, String> appliedFiles) {
        Timestamp now = Timestamp.from(clock.instant());
        try {
            insertRows(changes, now);
            if (!appliedFiles.isEmpty()) {
                try (PreparedStatement merge =
                        connection.prepareStatement("MERGE INTO file_state(path, hash) KEY(path) VALUES (?, ?)")) {
                    for (Map.Entry<Path, String> file : appliedFiles.entrySet()) {
                        merge.setString(1, file.getKey().toString());
                        merge.setString(2, file.getValue());
                        merge.addBatch();
                    }
                    merge.executeBatch();
                }
            }
            connection.commit();
        } catch (SQLException e) {
            rollback();
            throw new StoreException(
                    "cannot store " + changes.size() + " changes of " + appliedFiles.size() + " files: " + firstLine(e),
                    e);
        }
        List<String> uuids = new ArrayList<>(changes.size());
        changes.forEach(change -> uuids.add(change.uuid()));
        log.appended(uuids);
    }

    /** Inserts rows under the next sequence numbers, in the caller's transaction (the index is told after it). */
    private void insertRows(List<Row> rows, Timestamp now) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO change_log(seq, entity_type, uuid, item, created_at) VALUES (?, ?, ?, ?, ?)")) {
            long seq = log.nextSeq();
            for (Row row : rows) {
                insert.setLong(1, seq++);
                insert.setString(2, row.type());
                insert.setString(3, row.uuid());
                insert.setString(4, row.item());
                insert.setTimestamp(5, now);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** Every entity stored so far with its last fields, in the order they were first stored (parents first). */
    public synchronized List<EntityChange> knownEntities() {
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT entity_type, uuid, item FROM change_log WHERE entity_type <> '"
                        + DataObjectRegistration.OUTBOX_TYPE + "' ORDER BY seq")) {
            Map<String, EntityChange> newest = new LinkedHashMap<>();
            while (rs.next()) {
                @SuppressWarnings("unchecked")
                Map<String, Object> fields = FIELDS.readValue(rs.getString(3), LinkedHashMap.class);
                fields.remove(EntityType.KIND_FIELD); // the row holds the ingest item; the fields are the rest
                fields.remove(EntityType.UUID_FIELD);
                String uuid = rs.getString(2);
                newest.put(uuid, new EntityChange(EntityType.fromWireName(rs.getString(1)), uuid, fields));
            }
            connection.commit();
            List<EntityChange> out = new ArrayList<>(newest.values());
            out.sort(Comparator.comparing(EntityChange::type));
            return out;
        } catch (SQLException | JsonProcessingException e) {
            rollback();
            throw new StoreException("cannot read the known entities: " + e.getMessage(), e);
        }
    }

    // ---- file hashes ----

    @Override
    public synchronized Map<Path, String> fileHashes() {
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT path, hash FROM file_state")) {
            Map<Path, String> out = new HashMap<>();
            while (rs.next()) {
                out.put(Path.of(rs.getString(1)), rs.getString(2));
            }
            connection.commit();
            return out;
        } catch (SQLException e) {
            rollback();
            throw new StoreException("cannot read the file hashes: " + firstLine(e), e);
        }
    }

    /** Up to {@code max} entries waiting for delivery, oldest first. */
    public synchronized List<OutboxEntry> peek(int max) {
        try (PreparedStatement q = connection.prepareStatement(
                "SELECT seq, entity_type, uuid, item, created_at FROM change_log WHERE seq > ? ORDER BY seq LIMIT ?")) {
            q.setLong(1, log.deliveredThrough());
            q.setInt(2, max + log.doneAhead());
            List<OutboxEntry> out = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next() && out.size() < max) {
                    long seq = rs.getLong(1);
                    if (!log.isDone(seq)) {
                        out.add(new OutboxEntry(
                                seq,
                                rs.getString(2),
                                rs.getString(3),
                                rs.getString(4),
                                rs.getTimestamp(5).toInstant()));
                    }
                }
            }
            connection.commit();
            return out;
        } catch (SQLException e) {
            rollback();
            throw new StoreException("cannot read the outbox: " + firstLine(e), e);
        }
    }

    /**
     * The server acknowledged these entries. The delivery cursor moves over every entry done by now, and
     * rows that were replaced by a newer row of their entity and are now delivered are deleted. An entry
     * acknowledged ahead of one still waiting is remembered only in memory: after a restart it is sent
     * again, which the server takes as the same upsert.
     */
    public synchronized void delivered(Collection<Long> seqs) {
        if (seqs.isEmpty()) {
            return;
        }
        try {
            markDone(seqs);
        } catch (SQLException e) {
            rollback();
            throw new StoreException("cannot record delivered entries: " + firstLine(e), e);
        }
    }

    /** Sets an entry aside with the server's reason: it is kept, but not sent again. */
    public synchronized void park(long seq, String reason) {
        try (PreparedStatement insert = connection.prepareStatement(
                "MERGE INTO parked_change(seq, reason, parked_at) KEY(seq) VALUES (?, ?, ?)")) {
            insert.setLong(1, seq);
            insert.setString(2, reason == null ? null : reason.substring(0, Math.min(reason.length(), 2000)));
            insert.setTimestamp(3, Timestamp.from(clock.instant()));
            insert.executeUpdate();
            markDone(List.of(seq));
        } catch (SQLException e) {
            rollback();
            throw new StoreException("cannot park entry " + seq + ": " + firstLine(e), e);
        }
    }

    /**
     * Counts {@code seqs} as done, in the caller's transaction, and commits it: the cursor moves over
     * every entry done by now. The index hears of it only after the commit.
     */
    private void markDone(Collection<Long> seqs) throws SQLException {
        long through = log.throughAfter(seqs);
        List<Long> deletable = advance(through);
        connection.commit();
        log.done(seqs, through);
        log.deleted(deletable);
    }

    /**
     * Writes the cursor's new place and, when enough have gathered, deletes replaced rows it has passed;
     * answers the rows deleted.
     */
    private List<Long> advance(long through) throws SQLException {
        if (through != log.deliveredThrough()) {
            try (PreparedStatement update =
                    connection.prepareStatement("UPDATE delivery SET delivered_through = ? WHERE id = 1")) {
                update.setLong(1, through);
                update.executeUpdate();
            }
        }
        List<Long> deletable = log.deletable(through);
        if (deletable.size() < COMPACT_AT) {
            return List.of();
        }
        delete(deletable);
        return deletable;
    }

    /** At start: every replaced row the cursor has passed is deleted. */
    private void compact(long through) throws SQLException {
        List<Long> deletable = log.deletable(through);
        if (!deletable.isEmpty()) {
            delete(deletable);
            log.deleted(deletable);
        }
    }

    private void delete(List<Long> seqs) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM change_log WHERE seq = ?")) {
            for (long seq : seqs) {
                delete.setLong(1, seq);
                delete.addBatch();
            }
            delete.executeBatch();
        }
    }

    /** Entries waiting for delivery (parked ones not counted). */
    public synchronized int depth() {
        return (int) log.waiting();
    }

    public synchronized int parkedCount() {
        return count("SELECT COUNT(*) FROM parked_change");
    }

    /** The entry parked last, with its reason. */
    public synchronized Optional<ParkedEntry> newestParked() {
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT p.seq, c.entity_type, c.uuid, p.reason, p.parked_at"
                        + " FROM parked_change p LEFT JOIN change_log c ON c.seq = p.seq"
                        + " ORDER BY p.parked_at DESC, p.seq DESC LIMIT 1")) {
            Optional<ParkedEntry> out = rs.next()
                    ? Optional.of(new ParkedEntry(
                            rs.getLong(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getTimestamp(5).toInstant()))
                    : Optional.empty();
            connection.commit();
            return out;
        } catch (SQLException e) {
            rollback();
            throw new StoreException("cannot read the parked entries: " + firstLine(e), e);
        }
    }

    /** Depth, oldest undelivered age, parked count and the newest parked entry, as of {@code now}. */
    public synchronized OutboxFigures figures(Instant now) {
        return new OutboxFigures(
                depth(), oldestUndelivered().map(t -> Duration.between(t, now)), parkedCount(), newestParked());
    }

    /** When the oldest undelivered entry was stored. */
    public synchronized Optional<Instant> oldestUndelivered() {
        long first = log.firstWaiting();
        if (first < 0) {
            return Optional.empty();
        }
        return instant("SELECT created_at FROM change_log WHERE seq = " + first);
    }

    // ---- image registrations held for a server that takes them ----

    /**
     * Sets image registrations aside until the server takes data objects (a server without a storage root
     * advertises no {@code data-objects-v1}): their change-log rows stay, the delivery cursor passes them
     * (so the entities behind them go on), and {@link #releaseHeld} puts them back in the outbox.
     */
    public synchronized void hold(Collection<Long> seqs) {
        if (seqs.isEmpty()) {
            return;
        }
        try {
            mark(seqs, false);
            markDone(seqs);
            held = countHeld();
        } catch (SQLException e) {
            rollback();
            throw new StoreException("cannot hold " + seqs.size() + " image registrations: " + firstLine(e), e);
        }
    }

    /** Image registrations held for a server that takes them. */
    public synchronized int heldCount() {
        return held;
    }

    /**
     * Puts the held image registrations back in the outbox, in the order they were first stored, ahead of
     * the image registrations waiting now (which are moved behind them: one of those may be the child of a
     * held one, and the server refuses a parent it has not seen). Entities keep their places: no entity
     * waits for an image. One transaction; answers how many were held.
     *
     * <p>The rows left behind stay in {@code held_registration} as released: they are done, also above the
     * delivery cursor after a restart (where an entry done ahead of it would otherwise be sent again).
     */
    public synchronized int releaseHeld() {
        if (held == 0) {
            return 0;
        }
        try {
            List<Row> rows = new ArrayList<>();
            try (Statement s = connection.createStatement();
                    ResultSet rs = s.executeQuery("SELECT c.entity_type, c.uuid, c.item FROM held_registration h"
                            + " JOIN change_log c ON c.seq = h.seq WHERE NOT h.released ORDER BY h.seq")) {
                while (rs.next()) {
                    rows.add(new Row(rs.getString(1), rs.getString(2), rs.getString(3)));
                }
            }
            int released = rows.size();
            try (Statement s = connection.createStatement()) {
                s.executeUpdate("UPDATE held_registration SET released = TRUE");
            }
            List<Long> moved = new ArrayList<>();
            try (PreparedStatement q = connection.prepareStatement(
                    "SELECT seq, entity_type, uuid, item FROM change_log WHERE seq > ? AND entity_type = ? ORDER BY seq")) {
                q.setLong(1, log.deliveredThrough());
                q.setString(2, DataObjectRegistration.OUTBOX_TYPE);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        if (!log.isDone(rs.getLong(1))) {
                            moved.add(rs.getLong(1));
                            rows.add(new Row(rs.getString(2), rs.getString(3), rs.getString(4)));
                        }
                    }
                }
            }
            insertRows(rows, Timestamp.from(clock.instant()));
            mark(moved, true);
            markDone(moved); // commits
            held = 0;
            List<String> uuids = new ArrayList<>(rows.size());
            rows.forEach(row -> uuids.add(row.uuid()));
            log.appended(uuids);
            return released;
        } catch (SQLException e) {
            rollback();
            throw new StoreException("cannot release the held image registrations: " + firstLine(e), e);
        }
    }

    /** Records entries as held (or, moved behind released ones, as released), in the caller's transaction. */
    private void mark(Collection<Long> seqs, boolean released) throws SQLException {
        try (PreparedStatement merge = connection.prepareStatement(
                "MERGE INTO held_registration(seq, held_at, released) KEY(seq) VALUES (?, ?, ?)")) {
            Timestamp now = Timestamp.from(clock.instant());
            for (long seq : seqs) {
                merge.setLong(1, seq);
                merge.setTimestamp(2, now);
                merge.setBoolean(3, released);
                merge.addBatch();
            }
            merge.executeBatch();
        }
    }

    /** At start: released rows the cursor has passed are needed no more. */
    private void forgetReleased() throws SQLException {
        try (PreparedStatement delete =
                connection.prepareStatement("DELETE FROM held_registration WHERE released AND seq <= ?")) {
            delete.setLong(1, log.deliveredThrough());
            delete.executeUpdate();
        }
    }

    private int countHeld() throws SQLException {
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM held_registration WHERE NOT released")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    // ---- pending children ----

    @Override
    public synchronized void park(ParentRef parent, Path file) {
        try (PreparedStatement merge = connection.prepareStatement(
                "MERGE INTO pending_child(parent_type, parent_id, path, since) KEY(path) VALUES (?, ?, ?, "
                        + "COALESCE((SELECT since FROM pending_child WHERE path = ?), ?))")) {
            merge.setString(1, parent.type());
            merge.setString(2, parent.id());
            merge.setString(3, file.toString());
            merge.setString(4, file.toString());
            merge.setTimestamp(5, Timestamp.from(clock.instant()));
            merge.executeUpdate();
            connection.commit();
        } catch (SQLException e) {
            rollback();
            throw new StoreException("cannot keep waiting file " + file + ": " + firstLine(e), e);
        }
    }

    @Override
    public synchronized List<Path> release(ParentRef parent) {
        return take("parent_type = ? AND parent_id = ?", parent.type(), parent.id());
    }

    @Override
    public synchronized List<Path> releaseAll(String type) {
        return take("parent_type = ?", type);
    }

    @Override
    public synchronized void forget(Path file) {
        take("path = ?", file.toString());
    }

    @Override
    public synchronized Map<Path, ParentRef> waitingFiles() {
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT parent_type, parent_id, path FROM pending_child")) {
            Map<Path, ParentRef> out = new HashMap<>();
            while (rs.next()) {
                out.put(Path.of(rs.getString(3)), new ParentRef(rs.getString(1), rs.getString(2)));
            }
            connection.commit();
            return out;
        } catch (SQLException e) {
            rollback();
            throw new StoreException("cannot list waiting files: " + firstLine(e), e);
        }
    }

    @Override
    public synchronized int count() {
        return count("SELECT COUNT(*) FROM pending_child");
    }

    @Override
    public synchronized Optional<Instant> oldest() {
        return instant("SELECT MIN(since) FROM pending_child");
    }

    /** Up to {@code max} files waiting for a parent, oldest first. */
    public synchronized List<WaitingFile> waiting(int max) {
        try (PreparedStatement q = connection.prepareStatement(
                "SELECT parent_type, parent_id, path, since FROM pending_child ORDER BY since, path LIMIT ?")) {
            q.setInt(1, max);
            List<WaitingFile> out = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(new WaitingFile(
                            new ParentRef(rs.getString(1), rs.getString(2)),
                            Path.of(rs.getString(3)),
                            rs.getTimestamp(4).toInstant()));
                }
            }
            connection.commit();
            return out;
        } catch (SQLException e) {
            rollback();
            throw new StoreException("cannot list waiting files: " + firstLine(e), e);
        }
    }

    // ---- final acknowledgements of instructions ----

    /** Remembers an instruction's final acknowledgement (the body as sent); the first one stays. */
    public synchronized void rememberAck(String instructionId, String ackJson) {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO instruction_ack(instruction_id, ack, stored_at) SELECT ?, ?, ? FROM DUAL "
                        + "WHERE NOT EXISTS (SELECT 1 FROM instruction_ack WHERE instruction_id = ?)")) {
            insert.setString(1, instructionId);
            insert.setString(2, ackJson);
            insert.setTimestamp(3, Timestamp.from(clock.instant()));
            insert.setString(4, instructionId);
            insert.executeUpdate();
            connection.commit();
        } catch (SQLException e) {
            rollback();
            throw new StoreException(
                    "cannot remember the acknowledgement of " + instructionId + ": " + firstLine(e), e);
        }
    }

    /** The final acknowledgement remembered for an instruction, if any. */
    public synchronized Optional<String> rememberedAck(String instructionId) {
        try (PreparedStatement q =
                connection.prepareStatement("SELECT ack FROM instruction_ack WHERE instruction_id = ?")) {
            q.setString(1, instructionId);
            Optional<String> out;
            try (ResultSet rs = q.executeQuery()) {
                out = rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
            connection.commit();
            return out;
        } catch (SQLException e) {
            rollback();
            throw new StoreException("cannot read the acknowledgement of " + instructionId + ": " + firstLine(e), e);
        }
    }

    public synchronized int rememberedAckCount() {
        return count("SELECT COUNT(*) FROM instruction_ack");
    }

    private List<Path> take(String where, String... args) {
        try (PreparedStatement select = connection.prepareStatement(
                        "SELECT path FROM pending_child WHERE " + where + " ORDER BY since, path");
                PreparedStatement delete = connection.prepareStatement("DELETE FROM pending_child WHERE " + where)) {
            for (int i = 0; i < args.length; i++) {
                select.setString(i + 1, args[i]);
                delete.setString(i + 1, args[i]);
            }
            List<Path> out = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    out.add(Path.of(rs.getString(1)));
                }
            }
            if (!out.isEmpty()) {
                delete.executeUpdate();
            }
            connection.commit();
            return out;
        } catch (SQLException e) {
            rollback();
            throw new StoreException("cannot release waiting files: " + firstLine(e), e);
        }
    }

    private int count(String sql) {
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            int n = rs.getInt(1);
            connection.commit();
            return n;
        } catch (SQLException e) {
            rollback();
            throw new StoreException("cannot count: " + firstLine(e), e);
        }
    }

    private Optional<Instant> instant(String sql) {
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            Timestamp t = rs.getTimestamp(1);
            connection.commit();
            return Optional.ofNullable(t).map(Timestamp::toInstant);
        } catch (SQLException e) {
            rollback();
            throw new StoreException("cannot read: " + firstLine(e), e);
        }
    }

    private void rollback() {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the original failure is the one reported
        }
    }

    private static String firstLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new StoreException("cannot close the agent state: " + firstLine(e), e);
        } finally {
            release(lock);
        }
    }
}
