package io.sightline.server.pipeline;

import static io.sightline.server.pipeline.PipelineStore.clip;
import static io.sightline.server.pipeline.PipelineStore.instant;
import static io.sightline.server.pipeline.PipelineStore.ts;

import io.sightline.server.persistence.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The attachment tables (V61): attachments, the micrographs they took and their batches. Taking micrographs
 * moves the cursor in the same transaction, and cutting a batch stores its run id with it, so that a restart
 * continues exactly where the last committed step left.
 */
public final class AttachmentStore {
    private static final String COLUMNS = "id, acquisition_uuid, name, run_request, project_dir, batch_size,"
            + " max_wait_ms, event_cursor, batches, created_at, detached_at";
    private static final String BATCH_COLUMNS =
            "attachment_id, batch_number, run_id, item_count, started, reason, created_at";

    /** How many micrographs wait in an attachment and when the oldest of them was taken. */
    public record Waiting(int count, Instant oldest) {}

    private final Database db;

    public AttachmentStore(Database db) {
        this.db = db;
    }

    public void insert(Attachment a) {
        SqlTransaction.run(db, "storing an attachment", c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO pipeline_attachment (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?)")) {
                s.setString(1, a.id());
                s.setString(2, a.acquisitionUuid());
                s.setString(3, a.name());
                s.setString(4, a.runRequest());
                s.setString(5, a.projectDir());
                s.setInt(6, a.policy().batchSize());
                s.setLong(7, a.policy().maxWait().toMillis());
                s.setLong(8, a.eventCursor());
                s.setInt(9, a.batches());
                s.setTimestamp(10, ts(a.createdAt()));
                s.setTimestamp(11, ts(a.detachedAt()));
                return s.executeUpdate();
            }
        });
    }

    /** Whether the acquisition exists (an attachment to a mistyped uuid would wait forever). */
    public boolean acquisitionExists(String uuid) {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM acquisition WHERE uuid = ?")) {
                s.setString(1, uuid);
                try (ResultSet r = s.executeQuery()) {
                    return r.next();
                }
            }
        });
    }

    /** The newest event id now: an attachment made now takes the micrographs that arrive after it. */
    public long lastEventId() {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT MAX(id) FROM event_log");
                    ResultSet r = s.executeQuery()) {
                return r.next() ? r.getLong(1) : 0L;
            }
        });
    }

    public Optional<Attachment> attachment(String id) {
        return attachments("WHERE id = ?", id).stream().findFirst();
    }

    /** Attachments still collecting, oldest first. */
    public List<Attachment> active() {
        return attachments("WHERE detached_at IS NULL", null);
    }

    /** Every attachment, newest first. */
    public List<Attachment> all() {
        List<Attachment> all = new ArrayList<>(attachments("", null));
        return all.reversed();
    }

    private List<Attachment> attachments(String where, String arg) {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT " + COLUMNS + " FROM pipeline_attachment " + where + " ORDER BY created_at, id")) {
                if (arg != null) {
                    s.setString(1, arg);
                }
                List<Attachment> out = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        out.add(new Attachment(
                                r.getString(1),
                                r.getString(2),
                                r.getString(3),
                                r.getString(4),
                                r.getString(5),
                                new BatchPolicy(r.getInt(6), Duration.ofMillis(r.getLong(7))),
                                r.getLong(8),
                                r.getInt(9),
                                instant(r.getTimestamp(10)),
                                instant(r.getTimestamp(11))));
                    }
                }
                return out;
            }
        });
    }

    /** Stops collecting; what waits stays unbatched, the runs already started go on. */
    public boolean detach(String id, Instant at) {
        return SqlTransaction.run(db, "detaching", c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE pipeline_attachment SET detached_at = ? WHERE id = ? AND detached_at IS NULL")) {
                s.setTimestamp(1, ts(at));
                s.setString(2, id);
                return s.executeUpdate() == 1;
            }
        });
    }

    /**
     * Takes {@code items} (in event order) and moves the cursor to {@code cursor}, in one transaction; a
     * micrograph taken before (a second created event for the same uuid) is not taken again.
     */
    public void take(String attachmentId, List<AttachmentItem> items, long cursor, Instant at) {
        SqlTransaction.run(db, "taking micrographs", c -> {
            Set<String> known = known(c, attachmentId, items);
            try (PreparedStatement s = c.prepareStatement("INSERT INTO pipeline_attachment_item (attachment_id,"
                    + " micrograph_uuid, event_id, micrograph_id, path, batch_number, queued_at)"
                    + " VALUES (?,?,?,?,?,NULL,?)")) {
                for (AttachmentItem i : items) {
                    if (known.add(i.micrographUuid())) {
                        s.setString(1, attachmentId);
                        s.setString(2, i.micrographUuid());
                        s.setLong(3, i.eventId());
                        s.setString(4, i.micrographId());
                        s.setString(5, i.path());
                        s.setTimestamp(6, ts(at));
                        s.addBatch();
                    }
                }
                s.executeBatch();
            }
            try (PreparedStatement s =
                    c.prepareStatement("UPDATE pipeline_attachment SET event_cursor = ? WHERE id = ?")) {
                s.setLong(1, cursor);
                s.setString(2, attachmentId);
                return s.executeUpdate();
            }
        });
    }

    private static Set<String> known(Connection c, String attachmentId, List<AttachmentItem> items)
            throws SQLException {
        Set<String> known = new HashSet<>();
        if (items.isEmpty()) {
            return known;
        }
        try (PreparedStatement s = c.prepareStatement(
                "SELECT micrograph_uuid FROM pipeline_attachment_item WHERE attachment_id = ? AND micrograph_uuid IN ("
                        + "?,".repeat(items.size() - 1) + "?)")) {
            s.setString(1, attachmentId);
            for (int i = 0; i < items.size(); i++) {
                s.setString(i + 2, items.get(i).micrographUuid());
            }
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    known.add(r.getString(1));
                }
            }
        }
        return known;
    }

    public Waiting waiting(String attachmentId) {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*), MIN(queued_at) FROM"
                    + " pipeline_attachment_item WHERE attachment_id = ? AND batch_number IS NULL")) {
                s.setString(1, attachmentId);
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    return new Waiting(r.getInt(1), instant(r.getTimestamp(2)));
                }
            }
        });
    }

    /** How many micrographs the attachment took in all. */
    public int taken(String attachmentId) {
        return db.read(c -> {
            try (PreparedStatement s =
                    c.prepareStatement("SELECT COUNT(*) FROM pipeline_attachment_item WHERE attachment_id = ?")) {
                s.setString(1, attachmentId);
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    return r.getInt(1);
                }
            }
        });
    }

    /**
     * Cuts batches of the given sizes from the oldest waiting micrographs, each with a fresh run id, in one
     * transaction with the attachment's batch count.
     */
    public List<PipelineBatch> cut(Attachment a, List<Integer> sizes, Instant at) {
        return SqlTransaction.run(db, "cutting a batch", c -> {
            int number = batchCount(c, a.id());
            List<PipelineBatch> cut = new ArrayList<>();
            for (int size : sizes) {
                number++;
                List<String> uuids = new ArrayList<>();
                try (PreparedStatement s = c.prepareStatement("SELECT micrograph_uuid FROM pipeline_attachment_item"
                        + " WHERE attachment_id = ? AND batch_number IS NULL ORDER BY event_id LIMIT " + size)) {
                    s.setString(1, a.id());
                    try (ResultSet r = s.executeQuery()) {
                        while (r.next()) {
                            uuids.add(r.getString(1));
                        }
                    }
                }
                if (uuids.isEmpty()) {
                    break;
                }
                try (PreparedStatement s = c.prepareStatement("UPDATE pipeline_attachment_item SET batch_number = ?"
                        + " WHERE attachment_id = ? AND micrograph_uuid = ?")) {
                    for (String u : uuids) {
                        s.setInt(1, number);
                        s.setString(2, a.id());
                        s.setString(3, u);
                        s.addBatch();
                    }
                    s.executeBatch();
                }
                PipelineBatch b =
                        new PipelineBatch(a.id(), number, UUID.randomUUID().toString(), uuids.size(), false, null, at);
                try (PreparedStatement s = c.prepareStatement(
                        "INSERT INTO pipeline_batch (" + BATCH_COLUMNS + ") VALUES (?,?,?,?,?,?,?)")) {
                    s.setString(1, b.attachmentId());
                    s.setInt(2, b.number());
                    s.setString(3, b.runId());
                    s.setInt(4, b.size());
                    s.setBoolean(5, false);
                    s.setString(6, null);
                    s.setTimestamp(7, ts(at));
                    s.executeUpdate();
                }
                cut.add(b);
            }
            try (PreparedStatement s = c.prepareStatement("UPDATE pipeline_attachment SET batches = ? WHERE id = ?")) {
                s.setInt(1, number);
                s.setString(2, a.id());
                s.executeUpdate();
            }
            return cut;
        });
    }

    /** Read inside the cutting transaction, so two cuts never give one number twice. */
    private static int batchCount(Connection c, String attachmentId) throws SQLException {
        try (PreparedStatement s =
                c.prepareStatement("SELECT batches FROM pipeline_attachment WHERE id = ? FOR UPDATE")) {
            s.setString(1, attachmentId);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }

    /** The attachment's batches in order. */
    public List<PipelineBatch> batches(String attachmentId) {
        return batchRows("WHERE attachment_id = ?", attachmentId);
    }

    /** The batch whose run is {@code runId}, with its attachment, if the run was started for a batch. */
    public Optional<BatchOfRun> batchOfRun(String runId) {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT b.attachment_id, b.batch_number, a.acquisition_uuid"
                            + " FROM pipeline_batch b JOIN pipeline_attachment a ON a.id = b.attachment_id WHERE b.run_id = ?")) {
                s.setString(1, runId);
                try (ResultSet r = s.executeQuery()) {
                    return r.next()
                            ? Optional.of(new BatchOfRun(r.getString(1), r.getInt(2), r.getString(3)))
                            : Optional.<BatchOfRun>empty();
                }
            }
        });
    }

    /** Which attachment's batch a run processes, and of which acquisition. */
    public record BatchOfRun(String attachmentId, int batch, String acquisitionUuid) {}

    /** Batches whose run was not stored yet, of every attachment (a restart starts them). */
    public List<PipelineBatch> unstarted() {
        return batchRows("WHERE started = FALSE AND reason IS NULL", null);
    }

    private List<PipelineBatch> batchRows(String where, String arg) {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + BATCH_COLUMNS + " FROM pipeline_batch " + where
                    + " ORDER BY attachment_id, batch_number")) {
                if (arg != null) {
                    s.setString(1, arg);
                }
                List<PipelineBatch> out = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        out.add(new PipelineBatch(
                                r.getString(1),
                                r.getInt(2),
                                r.getString(3),
                                r.getInt(4),
                                r.getBoolean(5),
                                r.getString(6),
                                instant(r.getTimestamp(7))));
                    }
                }
                return out;
            }
        });
    }

    /** The micrographs of one batch, in event order. */
    public List<AttachmentItem> items(String attachmentId, int batchNumber) {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT micrograph_uuid, event_id, micrograph_id, path"
                            + " FROM pipeline_attachment_item WHERE attachment_id = ? AND batch_number = ? ORDER BY event_id")) {
                s.setString(1, attachmentId);
                s.setInt(2, batchNumber);
                List<AttachmentItem> out = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        out.add(new AttachmentItem(r.getString(1), r.getLong(2), r.getString(3), r.getString(4)));
                    }
                }
                return out;
            }
        });
    }

    /** The batch's run was stored ({@code reason} null), or cannot be started, for the reason given. */
    public void started(PipelineBatch b, String reason) {
        SqlTransaction.run(db, "marking a batch started", c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE pipeline_batch SET started = ?, reason = ?"
                    + " WHERE attachment_id = ? AND batch_number = ?")) {
                s.setBoolean(1, reason == null);
                s.setString(2, clip(reason));
                s.setString(3, b.attachmentId());
                s.setInt(4, b.number());
                return s.executeUpdate();
            }
        });
    }
}
