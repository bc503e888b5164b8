package io.sightline.server.fastmon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sightline.core.wire.FileStatus;
import io.sightline.core.wire.SwfField;
import io.sightline.core.wire.SwfIds;
import io.sightline.core.wire.SwfMessageType;
import io.sightline.server.http.ApiException;
import io.sightline.server.persistence.ColumnType;
import io.sightline.server.persistence.Database;
import io.sightline.server.persistence.PostgresBulkInsert;
import io.sightline.server.persistence.WriteTransactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * swf-monitor's fast-monitoring records (contracts/swf-fastmon.md §1) in the {@code swf_*} tables: runs,
 * STF files, TF samples, system agents, workflow messages and the counters. Writes go through
 * {@link WriteTransactions}, so a workflow message and its stream event commit together, in id order.
 */
public final class FastmonStore {
    /** swf-monitor's staleness rule: an agent silent this long is EXITED. */
    public static final Duration STALE_AFTER = Duration.ofMinutes(3);

    private final Database database;
    private final WriteTransactions transactions;
    private final ObjectMapper mapper;
    private final Clock clock;

    public FastmonStore(Database database, WriteTransactions transactions, ObjectMapper mapper, Clock clock) {
        this.database = Objects.requireNonNull(database);
        this.transactions = Objects.requireNonNull(transactions);
        this.mapper = Objects.requireNonNull(mapper);
        this.clock = Objects.requireNonNull(clock);
    }

    /** A page request: everything when {@code limit} is null (swf-monitor's bare list). */
    public record Page(Integer limit, int offset) {}

    /** Rows of one page and how many match in all. */
    public record Listing(List<ObjectNode> rows, long count) {}

    // ---- runs

    public ObjectNode createRun(SwfBody body) {
        long runNumber = body.whole(SwfField.RUN_NUMBER, 0, Long.MAX_VALUE, true);
        Instant start = body.time("start_time", clock.instant());
        Instant end = body.time("end_time", null);
        String conditions = body.json("run_conditions");
        return transactions.write(tx -> {
            Connection c = tx.connection();
            if (runIdOf(c, runNumber) != null) {
                throw ApiException.badRequest("run_number: a run with number " + runNumber + " already exists");
            }
            insertRun(c, runNumber, start, end, conditions);
            return run(c, runIdOf(c, runNumber));
        });
    }

    private static void insertRun(Connection c, long runNumber, Instant start, Instant end, String conditions)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO swf_runs (run_number, start_time, end_time, run_conditions) VALUES (?, ?, ?, ?)")) {
            ps.setLong(1, runNumber);
            ps.setObject(2, utc(start));
            ps.setObject(3, end == null ? null : utc(end));
            ps.setString(4, conditions);
            ps.executeUpdate();
        }
    }

    private static Long runIdOf(Connection c, long runNumber) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT run_id FROM swf_runs WHERE run_number = ?")) {
            ps.setLong(1, runNumber);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    private ObjectNode run(Connection c, long runId) throws SQLException {
        Listing l = query(c, RUNS, new Where().eq("r.run_id", runId), new Page(null, 0));
        return l.rows().getFirst();
    }

    public Listing runs(Long runNumber, Page page) {
        return database.read(c -> query(c, RUNS, new Where().eq("r.run_number", runNumber), page));
    }

    // ---- STF files

    public ObjectNode createStf(SwfBody body) {
        long runId = body.whole("run", 0, Long.MAX_VALUE, true);
        StfValues stf = StfValues.read(body);
        return transactions.write(tx -> {
            Connection c = tx.connection();
            if (!exists(c, "SELECT 1 FROM swf_runs WHERE run_id = ?", runId)) {
                throw ApiException.badRequest("run: no run with run_id " + runId);
            }
            if (stfIdOf(c, stf.filename()) != null) {
                throw ApiException.badRequest(
                        "stf_filename: an STF file named '" + stf.filename() + "' already exists");
            }
            String id = insertStf(c, runId, stf, tx.now());
            return query(c, STFS, new Where().eq("s.file_id", id), new Page(null, 0))
                    .rows()
                    .getFirst();
        });
    }

    /** The STF columns a request may set. */
    record StfValues(
            String filename,
            Long size,
            String checksum,
            FileStatus status,
            String metadata,
            String machineState,
            String workflowId,
            String daqState,
            String daqSubstate,
            Integer tfCount) {
        static StfValues read(SwfBody body) {
            String workflowId = body.text("workflow_id", 36, false);
            if (workflowId != null) {
                try {
                    UUID.fromString(workflowId);
                } catch (IllegalArgumentException e) {
                    throw ApiException.badRequest("workflow_id: not a UUID: '" + workflowId + "'");
                }
            }
            String machine = body.text("machine_state", 64, false);
            return new StfValues(
                    body.text(SwfField.STF_FILENAME, SwfField.FILENAME_MAX, true),
                    body.whole(SwfField.FILE_SIZE_BYTES, 0, Long.MAX_VALUE, false),
                    body.text(SwfField.CHECKSUM, SwfField.CHECKSUM_MAX, false),
                    body.status(SwfField.STATUS),
                    body.json(SwfField.METADATA),
                    machine == null ? "physics" : machine,
                    workflowId,
                    body.text("daq_state", 20, false),
                    body.text("daq_substate", 20, false),
                    body.integer(SwfField.TF_COUNT, 1, false));
        }
    }

    /** An STF to insert under the id chosen for it. */
    private record NewStf(String id, long runId, StfValues stf) {}

    private static String insertStf(Connection c, long runId, StfValues stf, Instant now) throws SQLException {
        String id = UUID.randomUUID().toString();
        insertStfs(c, List.of(new NewStf(id, runId, stf)), now);
        return id;
    }

    private static final List<String> STF_COLUMNS = List.of(
            "file_id",
            "run_id",
            "machine_state",
            "stf_filename",
            "file_size_bytes",
            "checksum",
            "created_at",
            "status",
            "metadata",
            "workflow_id",
            "daq_state",
            "daq_substate",
            "tf_count");
    private static final List<ColumnType> STF_TYPES = List.of(
            ColumnType.STRING,
            ColumnType.INTEGER,
            ColumnType.STRING,
            ColumnType.STRING,
            ColumnType.INTEGER,
            ColumnType.STRING,
            ColumnType.TIMESTAMP,
            ColumnType.STRING,
            ColumnType.STRING,
            ColumnType.STRING,
            ColumnType.STRING,
            ColumnType.STRING,
            ColumnType.INTEGER);

    /** The STFs in one statement. */
    private static void insertStfs(Connection c, List<NewStf> stfs, Instant now) throws SQLException {
        List<Object[]> rows = new ArrayList<>(stfs.size());
        for (NewStf row : stfs) {
            StfValues stf = row.stf();
            rows.add(new Object[] {
                row.id(),
                row.runId(),
                stf.machineState(),
                stf.filename(),
                stf.size(),
                stf.checksum(),
                now,
                stf.status().wireName(),
                stf.metadata(),
                stf.workflowId(),
                stf.daqState(),
                stf.daqSubstate(),
                stf.tfCount() == null ? null : stf.tfCount().longValue()
            });
        }
        insertRows(c, "swf_stf_files", STF_COLUMNS, STF_TYPES, rows);
    }

    /**
     * {@code rows} into {@code table} in one statement: on PostgreSQL one INSERT over arrays, planned once
     * whatever the number of rows (a multi-row VALUES list of a hundred samples was planned anew on every
     * call, see {@link PostgresBulkInsert}), on H2 a JDBC batch.
     */
    private static void insertRows(
            Connection c, String table, List<String> columns, List<ColumnType> types, List<Object[]> rows)
            throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        if (c.getMetaData().getDatabaseProductName().equals("PostgreSQL")) {
            PostgresBulkInsert.insert(c, table, columns, types, rows, null);
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (" + String.join(", ", columns)
                + ") VALUES (" + "?, ".repeat(columns.size() - 1) + "?)")) {
            for (Object[] row : rows) {
                for (int i = 0; i < columns.size(); i++) {
                    Object v = row[i];
                    ps.setObject(i + 1, v instanceof Instant t ? utc(t) : v);
                }
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static String stfIdOf(Connection c, String filename) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT file_id FROM swf_stf_files WHERE stf_filename = ?")) {
            ps.setString(1, filename);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    public Listing stfFiles(String stfFilename, Long runNumber, String status, String workflowId, Page page) {
        return database.read(c -> query(
                c,
                STFS,
                new Where()
                        .eq("s.stf_filename", stfFilename)
                        .eq("r.run_number", runNumber)
                        .eq("s.status", status)
                        .eq("s.workflow_id", workflowId),
                page));
    }

    // ---- TF samples

    /** The TF-sample columns a request may set. */
    record TfValues(
            String filename,
            Long size,
            String checksum,
            FileStatus status,
            String metadata,
            Integer first,
            Integer last,
            Integer count) {
        static TfValues read(SwfBody body) {
            Integer first = body.integer(SwfField.TF_FIRST, 0, false);
            Integer last = body.integer(SwfField.TF_LAST, 0, false);
            Integer count = body.integer(SwfField.TF_COUNT, 1, false);
            String filename = body.text(SwfField.TF_FILENAME, SwfField.FILENAME_MAX, true);
            if ((first == null) != (last == null)) {
                throw ApiException.badRequest(filename + ": tf_first and tf_last come together (got only "
                        + (first == null ? "tf_last" : "tf_first") + ")");
            }
            if (first != null) {
                if (first > last) {
                    throw ApiException.badRequest(
                            filename + ": tf_first (" + first + ") must not be greater than tf_last (" + last + ")");
                }
                int span = last - first + 1;
                if (count != null && count != span) {
                    throw ApiException.badRequest(
                            filename + ": tf_count (" + count + ") must be tf_last - tf_first + 1 (" + span + ")");
                }
                count = span;
            }
            return new TfValues(
                    filename,
                    body.whole(SwfField.FILE_SIZE_BYTES, 0, Long.MAX_VALUE, false),
                    body.text(SwfField.CHECKSUM, SwfField.CHECKSUM_MAX, false),
                    body.status(SwfField.STATUS),
                    body.json(SwfField.METADATA),
                    first,
                    last,
                    count);
        }

        void checkAgainst(Integer stfTfCount) {
            if (stfTfCount != null && last != null && last >= stfTfCount) {
                throw ApiException.badRequest(filename + ": tf_last (" + last
                        + ") must be less than the STF's tf_count (" + stfTfCount + ")");
            }
        }
    }

    public ObjectNode createTf(SwfBody body) {
        String stfName = body.text(SwfField.STF_FILE, SwfField.FILENAME_MAX, true);
        TfValues tf = TfValues.read(body);
        return transactions.write(tx -> {
            Connection c = tx.connection();
            StfRef stf = stfRef(c, stfName);
            if (stf == null) {
                throw ApiException.badRequest("stf_file: no STF file named '" + stfName + "'");
            }
            tf.checkAgainst(stf.tfCount());
            if (tfParentOf(c, tf.filename()) != null) {
                throw ApiException.badRequest("tf_filename: a TF file named '" + tf.filename() + "' already exists");
            }
            insertTfs(c, List.of(new NewTf(stf.id(), tf)), tx.now());
            String id = SwfIds.tfFileId(tf.filename()).toString();
            return query(c, TFS, new Where().eq("t.tf_file_id", id), new Page(null, 0))
                    .rows()
                    .getFirst();
        });
    }

    private record StfRef(String id, Integer tfCount, long runNumber, long runId) {}

    private static StfRef stfRef(Connection c, String filename) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT s.file_id, s.tf_count, r.run_number, r.run_id"
                + " FROM swf_stf_files s JOIN swf_runs r ON r.run_id = s.run_id WHERE s.stf_filename = ?")) {
            ps.setString(1, filename);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                int n = rs.getInt(2);
                return new StfRef(rs.getString(1), rs.wasNull() ? null : n, rs.getLong(3), rs.getLong(4));
            }
        }
    }

    /** The file_id of the STF that holds TF {@code filename}, or null when there is no such TF. */
    private static String tfParentOf(Connection c, String filename) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT stf_file_id FROM swf_fastmon_files WHERE tf_filename = ?")) {
            ps.setString(1, filename);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** A TF sample to insert under the STF {@code stfId}. */
    private record NewTf(String stfId, TfValues tf) {}

    private static final List<String> TF_COLUMNS = List.of(
            "tf_file_id",
            "stf_file_id",
            "tf_filename",
            "file_size_bytes",
            "checksum",
            "status",
            "metadata",
            "created_at",
            "updated_at",
            "tf_first",
            "tf_last",
            "tf_count");
    private static final List<ColumnType> TF_TYPES = List.of(
            ColumnType.STRING,
            ColumnType.STRING,
            ColumnType.STRING,
            ColumnType.INTEGER,
            ColumnType.STRING,
            ColumnType.STRING,
            ColumnType.STRING,
            ColumnType.TIMESTAMP,
            ColumnType.TIMESTAMP,
            ColumnType.INTEGER,
            ColumnType.INTEGER,
            ColumnType.INTEGER);

    private static void insertTfs(Connection c, List<NewTf> tfs, Instant now) throws SQLException {
        List<Object[]> rows = new ArrayList<>(tfs.size());
        for (NewTf row : tfs) {
            TfValues tf = row.tf();
            rows.add(new Object[] {
                SwfIds.tfFileId(tf.filename()).toString(),
                row.stfId(),
                tf.filename(),
                tf.size(),
                tf.checksum(),
                tf.status().wireName(),
                tf.metadata(),
                now,
                now,
                tf.first() == null ? null : tf.first().longValue(),
                tf.last() == null ? null : tf.last().longValue(),
                tf.count() == null ? null : tf.count().longValue()
            });
        }
        insertRows(c, "swf_fastmon_files", TF_COLUMNS, TF_TYPES, rows);
    }

    /** Rows of {@code select} (two string columns: key, value) whose key is one of {@code keys}, 500 at a time. */
    private static java.util.Map<String, String> inChunks(Connection c, String select, List<String> keys)
            throws SQLException {
        java.util.Map<String, String> out = new java.util.HashMap<>();
        for (int from = 0; from < keys.size(); from += 500) {
            List<String> chunk = keys.subList(from, Math.min(keys.size(), from + 500));
            try (PreparedStatement ps = c.prepareStatement(select + "(" + "?,".repeat(chunk.size() - 1) + "?)")) {
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setString(i + 1, chunk.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), rs.getString(2));
                    }
                }
            }
        }
        return out;
    }

    public Listing tfFiles(String tfFilename, String stfFilename, Long runNumber, String status, Page page) {
        return database.read(c -> query(
                c,
                TFS,
                new Where()
                        .eq("t.tf_filename", tfFilename)
                        .eq("s.stf_filename", stfFilename)
                        .eq("r.run_number", runNumber)
                        .eq("t.status", status),
                page));
    }

    /**
     * One STF's samples in one transaction (Sightline's addition to the swf API): the run and the STF are
     * created when absent, each sample not yet known is inserted and announced with one
     * {@code tf_file_registered} message on the stream. A sample already registered under the same STF is
     * reported as existing and not announced again, so a retried call changes nothing; one registered
     * under another STF is a 400.
     *
     * <p>Body: {@code {run_number, stf: {stf_filename, file_size_bytes?, checksum?, tf_count?, ...},
     * samples: [{tf_filename, tf_first, tf_last, tf_count?, file_size_bytes?, ...}], sender?, namespace?}}.
     *
     * <p>Calls that arrive together run as one {@link WriteTransactions.Batch} ({@link #registerAll}): the
     * statements of a group of STFs cost what one STF's did, so throughput grows with the number of agents
     * instead of being bounded by round trips per call (docs/benchmarks.md, issue 14).
     */
    public ObjectNode registerBulk(SwfBody body) {
        long runNumber = body.whole(SwfField.RUN_NUMBER, 0, Long.MAX_VALUE, true);
        JsonNode stfNode = body.node().get("stf");
        if (stfNode == null || !stfNode.isObject()) {
            throw ApiException.badRequest("stf: this field is required and must be an object");
        }
        StfValues stf = StfValues.read(new SwfBody((ObjectNode) stfNode, "stf."));
        JsonNode samplesNode = body.node().get("samples");
        if (samplesNode == null || !samplesNode.isArray()) {
            throw ApiException.badRequest("samples: this field is required and must be an array");
        }
        if (samplesNode.size() > MAX_BULK) {
            throw ApiException.tooLargeBatch(samplesNode.size(), MAX_BULK);
        }
        List<TfValues> samples = new ArrayList<>();
        java.util.Set<String> names = new java.util.HashSet<>();
        for (int i = 0; i < samplesNode.size(); i++) {
            JsonNode s = samplesNode.get(i);
            if (!s.isObject()) {
                throw ApiException.badRequest("samples[" + i + "]: must be an object");
            }
            TfValues tf = TfValues.read(new SwfBody((ObjectNode) s, "samples[" + i + "]."));
            tf.checkAgainst(stf.tfCount());
            if (!names.add(tf.filename())) {
                throw ApiException.badRequest(
                        "samples[" + i + "].tf_filename: '" + tf.filename() + "' appears twice in this request");
            }
            samples.add(tf);
        }
        String sender = body.text(SwfField.SENDER, 100, false);
        String namespace = body.text(SwfField.NAMESPACE, 100, false);
        return transactions.write(bulkBatch, new BulkRequest(runNumber, stf, samples, sender, namespace));
    }

    /** One bulk call, read and checked on its own (everything that needs no database). */
    private record BulkRequest(
            long runNumber, StfValues stf, List<TfValues> samples, String sender, String namespace) {}

    /** One instance for every call, so that calls queued together run as one batch. */
    private final WriteTransactions.Batch<BulkRequest, ObjectNode> bulkBatch = this::registerAll;

    /**
     * The bulk calls of one group: the runs, the STFs and the samples' parents each looked up with one
     * query, the new STFs, samples and messages each written with one batch. Two calls of the group that
     * name the same STF or sample would see each other's rows only one by one, so such a group is handed
     * back ({@link WriteTransactions.Batch}: it then runs call by call), as is one in which any call fails.
     */
    private List<ObjectNode> registerAll(WriteTransactions.Tx tx, List<BulkRequest> calls) throws SQLException {
        if (calls.size() > 1 && overlap(calls)) {
            throw new IllegalStateException("bulk calls of one group name the same STF or sample");
        }
        Connection c = tx.connection();
        java.util.Map<Long, Long> runIds = runIds(c, calls, tx.now());
        java.util.Map<String, StfRef> stfs = stfRefs(c, calls);
        List<NewStf> newStfs = new ArrayList<>();
        for (BulkRequest call : calls) {
            StfRef ref = stfs.get(call.stf().filename());
            if (ref == null) {
                long runId = runIds.get(call.runNumber());
                ref = new StfRef(UUID.randomUUID().toString(), call.stf().tfCount(), call.runNumber(), runId);
                stfs.put(call.stf().filename(), ref);
                newStfs.add(new NewStf(ref.id(), runId, call.stf()));
            } else if (ref.runNumber() != call.runNumber()) {
                throw ApiException.badRequest("stf.stf_filename: '" + call.stf().filename() + "' belongs to run "
                        + ref.runNumber() + ", not " + call.runNumber());
            }
        }
        insertStfs(c, newStfs, tx.now());
        // the parents of all names in one query: new ones have none, ours are existing, others a 400
        java.util.Map<String, String> parents = inChunks(
                c,
                "SELECT tf_filename, stf_file_id FROM swf_fastmon_files WHERE tf_filename IN ",
                calls.stream()
                        .flatMap(call -> call.samples().stream())
                        .map(TfValues::filename)
                        .toList());
        List<NewTf> fresh = new ArrayList<>();
        List<ObjectNode> messages = new ArrayList<>();
        List<ObjectNode> answers = new ArrayList<>(calls.size());
        for (BulkRequest call : calls) {
            StfRef ref = stfs.get(call.stf().filename());
            ArrayNode created = mapper.createArrayNode();
            ArrayNode existing = mapper.createArrayNode();
            for (TfValues tf : call.samples()) {
                tf.checkAgainst(ref.tfCount());
                String parent = parents.get(tf.filename());
                if (parent == null) {
                    fresh.add(new NewTf(ref.id(), tf));
                    created.add(tf.filename());
                    messages.add(registered(call, tf, tx.now()));
                } else if (parent.equals(ref.id())) {
                    existing.add(tf.filename());
                } else {
                    throw ApiException.badRequest(
                            "tf_filename: '" + tf.filename() + "' is already registered under another STF file");
                }
            }
            ObjectNode out = mapper.createObjectNode();
            out.put("run_id", ref.runId());
            out.put(SwfField.RUN_NUMBER, call.runNumber());
            out.put("stf_file_id", ref.id());
            out.put(SwfField.STF_FILENAME, call.stf().filename());
            out.set("created", created);
            out.set("existing", existing);
            answers.add(out);
        }
        insertTfs(c, fresh, tx.now());
        recordMessages(tx, messages, "sightline:bulk");
        return answers;
    }

    /** Whether two calls name the same STF or the same sample. */
    private static boolean overlap(List<BulkRequest> calls) {
        java.util.Set<String> stfNames = new java.util.HashSet<>();
        java.util.Set<String> tfNames = new java.util.HashSet<>();
        for (BulkRequest call : calls) {
            if (!stfNames.add(call.stf().filename())) {
                return true;
            }
            for (TfValues tf : call.samples()) {
                if (!tfNames.add(tf.filename())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The run_id of every run the calls name; runs not yet known are created. */
    private static java.util.Map<Long, Long> runIds(Connection c, List<BulkRequest> calls, Instant now)
            throws SQLException {
        List<Long> numbers =
                calls.stream().map(BulkRequest::runNumber).distinct().toList();
        java.util.Map<Long, Long> ids = new java.util.HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT run_number, run_id FROM swf_runs WHERE run_number IN ("
                + "?,".repeat(numbers.size() - 1) + "?)")) {
            for (int i = 0; i < numbers.size(); i++) {
                ps.setLong(i + 1, numbers.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.put(rs.getLong(1), rs.getLong(2));
                }
            }
        }
        for (long number : numbers) {
            if (!ids.containsKey(number)) { // a run's first STF: once per run, so one at a time is fine
                insertRun(c, number, now, null, "{\"auto_created\":true}");
                ids.put(number, runIdOf(c, number));
            }
        }
        return ids;
    }
    /** The STFs the calls name that exist already, by filename. */
    private static java.util.Map<String, StfRef> stfRefs(Connection c, List<BulkRequest> calls) throws SQLException {
        List<String> names = calls.stream().map(call -> call.stf().filename()).toList();
        java.util.Map<String, StfRef> refs = new java.util.HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT s.stf_filename, s.file_id, s.tf_count, r.run_number, r.run_id FROM swf_stf_files s"
                        + " JOIN swf_runs r ON r.run_id = s.run_id WHERE s.stf_filename IN ("
                        + "?,".repeat(names.size() - 1) + "?)")) {
            for (int i = 0; i < names.size(); i++) {
                ps.setString(i + 1, names.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int n = rs.getInt(3);
                    refs.put(
                            rs.getString(1),
                            new StfRef(rs.getString(2), rs.wasNull() ? null : n, rs.getLong(4), rs.getLong(5)));
                }
            }
        }
        return refs;
    }

    /** The {@code tf_file_registered} message announcing {@code tf} of {@code call}. */
    private ObjectNode registered(BulkRequest call, TfValues tf, Instant now) {
        ObjectNode msg = mapper.createObjectNode();
        msg.put(SwfField.MSG_TYPE, SwfMessageType.TF_FILE_REGISTERED.wireName());
        msg.put(SwfField.MESSAGE_ID, SwfIds.tfRegisteredMessageId(tf.filename()).toString());
        msg.put(SwfField.SENDER, call.sender());
        msg.put(SwfField.NAMESPACE, call.namespace());
        msg.put(SwfField.TF_FILE_ID, SwfIds.tfFileId(tf.filename()).toString());
        msg.put(SwfField.TF_FILENAME, tf.filename());
        msg.put(SwfField.STF_FILENAME, call.stf().filename());
        msg.put(SwfField.FILE_SIZE_BYTES, tf.size());
        msg.put(SwfField.STATUS, tf.status().wireName());
        msg.put(SwfField.RUN_ID, call.runNumber());
        msg.put(SwfField.RUN_NUMBER, call.runNumber());
        putInt(msg, SwfField.TF_FIRST, tf.first());
        putInt(msg, SwfField.TF_LAST, tf.last());
        putInt(msg, SwfField.TF_COUNT, tf.count());
        msg.put(SwfField.TIMESTAMP, now.toString());
        return msg;
    }

    /** Most samples one bulk call may carry. */
    public static final int MAX_BULK = 10_000;

    private static void putInt(ObjectNode n, String field, Integer v) {
        if (v == null) {
            n.putNull(field);
        } else {
            n.put(field, v);
        }
    }

    // ---- workflow messages

    /**
     * Records one bus message and puts it on the stream, unless a message with the same
     * {@code message_id} was recorded before (a redelivery). Returns whether it was new.
     */
    public boolean recordMessage(SwfMessage message, String queueName) {
        message.body().put(SwfField.MESSAGE_ID, message.messageId());
        return transactions.write(tx -> recordMessages(tx, List.of(message.body()), queueName) == 1);
    }

    /**
     * Records the messages not recorded before (by {@code message_id}, which each body carries) and emits
     * them as events; answers how many were new.
     */
    private int recordMessages(WriteTransactions.Tx tx, List<ObjectNode> bodies, String queueName) throws SQLException {
        if (bodies.isEmpty()) {
            return 0;
        }
        Connection c = tx.connection();
        java.util.Map<String, String> known = inChunks(
                c,
                "SELECT message_id, message_type FROM swf_workflow_messages WHERE message_id IN ",
                bodies.stream().map(b -> b.path(SwfField.MESSAGE_ID).asText()).toList());
        java.util.Set<String> inThisCall = new java.util.HashSet<>();
        List<Object[]> rows = new ArrayList<>(bodies.size());
        for (ObjectNode body : bodies) {
            String messageId = body.path(SwfField.MESSAGE_ID).asText();
            if (known.containsKey(messageId) || !inThisCall.add(messageId)) {
                continue;
            }
            String type = body.path(SwfField.MSG_TYPE).asText();
            JsonNode run = body.get(SwfField.RUN_ID);
            String json = body.toString();
            rows.add(new Object[] {
                messageId,
                cut(type, 100),
                cut(textOrNull(body.get(SwfField.SENDER)), 100),
                cut(textOrNull(body.get(SwfField.NAMESPACE)), 100),
                cut(run == null || run.isNull() ? null : run.asText(), 50),
                json,
                tx.now(),
                cut(queueName, 200)
            });
            tx.emit(type, null, messageId, json);
        }
        insertRows(c, "swf_workflow_messages", MESSAGE_COLUMNS, MESSAGE_TYPES, rows);
        return rows.size();
    }

    private static final List<String> MESSAGE_COLUMNS = List.of(
            "message_id",
            "message_type",
            "sender_agent",
            "namespace",
            "run_id",
            "message_content",
            "sent_at",
            "queue_name");
    private static final List<ColumnType> MESSAGE_TYPES = List.of(
            ColumnType.STRING,
            ColumnType.STRING,
            ColumnType.STRING,
            ColumnType.STRING,
            ColumnType.STRING,
            ColumnType.STRING,
            ColumnType.TIMESTAMP,
            ColumnType.STRING);

    private static String textOrNull(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    // ---- agents

    /** The heartbeat answer and whether the agent was new (201) or known (200). */
    public record Heartbeat(ObjectNode agent, boolean created) {}

    public Heartbeat heartbeat(SwfBody body) {
        String name = body.text(SwfField.INSTANCE_NAME, 100, true);
        String type = body.text("agent_type", 30, false);
        String status = body.text("status", 20, false);
        String state = body.text("operational_state", 20, false);
        Long pid = body.whole("pid", 0, Integer.MAX_VALUE, false);
        String host = body.text("hostname", 255, false);
        String namespace = body.text(SwfField.NAMESPACE, 100, false);
        String description = body.text("description", 10_000, false);
        String metadata = body.json(SwfField.METADATA);
        return transactions.write(tx -> {
            Connection c = tx.connection();
            OffsetDateTime now = utc(tx.now());
            boolean known = exists(c, "SELECT 1 FROM swf_systemagent WHERE instance_name = ?", name);
            if (known) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE swf_systemagent SET"
                        + " agent_type = COALESCE(?, agent_type), status = COALESCE(?, status),"
                        + " operational_state = COALESCE(?, operational_state), last_heartbeat = ?,"
                        + " pid = COALESCE(?, pid), hostname = COALESCE(?, hostname),"
                        + " namespace = COALESCE(?, namespace), description = COALESCE(?, description),"
                        + " metadata = COALESCE(?, metadata) WHERE instance_name = ?")) {
                    ps.setString(1, type);
                    ps.setString(2, status);
                    ps.setString(3, state);
                    ps.setObject(4, now);
                    setLong(ps, 5, pid);
                    ps.setString(6, host);
                    ps.setString(7, namespace);
                    ps.setString(8, description);
                    ps.setString(9, metadata);
                    ps.setString(10, name);
                    ps.executeUpdate();
                }
            } else {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO swf_systemagent (instance_name,"
                        + " agent_type, status, operational_state, last_heartbeat, pid, hostname, namespace,"
                        + " description, metadata, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    ps.setString(1, name);
                    ps.setString(2, type == null ? "other" : type);
                    ps.setString(3, status == null ? "UNKNOWN" : status);
                    ps.setString(4, state == null ? "STARTING" : state);
                    ps.setObject(5, now);
                    setLong(ps, 6, pid);
                    ps.setString(7, host);
                    ps.setString(8, namespace);
                    ps.setString(9, description);
                    ps.setString(10, metadata);
                    ps.setObject(11, now);
                    ps.executeUpdate();
                }
            }
            // swf-monitor applies its staleness rule on every heartbeat, so the list never shows the dead as alive
            try (PreparedStatement ps = c.prepareStatement("UPDATE swf_systemagent SET status = 'EXITED',"
                    + " operational_state = 'EXITED' WHERE last_heartbeat < ? AND status <> 'EXITED'")) {
                ps.setObject(1, utc(tx.now().minus(STALE_AFTER)));
                ps.executeUpdate();
            }
            return new Heartbeat(
                    query(c, AGENTS, new Where().eq("a.instance_name", name), new Page(null, 0))
                            .rows()
                            .getFirst(),
                    !known);
        });
    }

    public Listing agents(Page page) {
        return database.read(c -> query(c, AGENTS, new Where(), page));
    }

    // ---- counters

    /** Takes the next value of an atomic counter ({@code next_run_number}, {@code next_agent_id}). */
    public long next(String counter) {
        return transactions.write(tx -> {
            Connection c = tx.connection();
            try (PreparedStatement up =
                    c.prepareStatement("UPDATE swf_state_counter SET next_value = next_value + 1 WHERE name = ?")) {
                up.setString(1, counter);
                up.executeUpdate();
            }
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT next_value - 1 FROM swf_state_counter WHERE name = ?")) {
                ps.setString(1, counter);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    // ---- queries

    private record Select(String from, String order, List<Column> columns) {}

    /** How a column's value goes into the JSON row. */
    private enum WireType {
        TEXT,
        INTEGER,
        TIME,
        JSON
    }

    private record Column(String sql, String json, WireType type) {}

    private static final Select RUNS = new Select(
            "swf_runs r",
            "r.run_id",
            List.of(
                    new Column("r.run_id", "run_id", WireType.INTEGER),
                    new Column("r.run_number", "run_number", WireType.INTEGER),
                    new Column("r.start_time", "start_time", WireType.TIME),
                    new Column("r.end_time", "end_time", WireType.TIME),
                    new Column("r.run_conditions", "run_conditions", WireType.JSON)));

    private static final Select STFS = new Select(
            "swf_stf_files s JOIN swf_runs r ON r.run_id = s.run_id",
            "s.created_at, s.stf_filename",
            List.of(
                    new Column("s.file_id", "file_id", WireType.TEXT),
                    new Column("s.run_id", "run", WireType.INTEGER),
                    new Column("r.run_number", "run_number", WireType.INTEGER),
                    new Column("s.machine_state", "machine_state", WireType.TEXT),
                    new Column("s.stf_filename", "stf_filename", WireType.TEXT),
                    new Column("s.file_size_bytes", "file_size_bytes", WireType.INTEGER),
                    new Column("s.checksum", "checksum", WireType.TEXT),
                    new Column("s.created_at", "created_at", WireType.TIME),
                    new Column("s.status", "status", WireType.TEXT),
                    new Column("s.metadata", "metadata", WireType.JSON),
                    new Column("s.workflow_id", "workflow_id", WireType.TEXT),
                    new Column("s.daq_state", "daq_state", WireType.TEXT),
                    new Column("s.daq_substate", "daq_substate", WireType.TEXT),
                    new Column("s.workflow_status", "workflow_status", WireType.TEXT),
                    new Column("s.tf_count", "tf_count", WireType.INTEGER)));

    private static final Select TFS = new Select(
            "swf_fastmon_files t JOIN swf_stf_files s ON s.file_id = t.stf_file_id JOIN swf_runs r ON r.run_id = s.run_id",
            "t.created_at, t.tf_filename",
            List.of(
                    new Column("t.tf_file_id", "tf_file_id", WireType.TEXT),
                    new Column("s.stf_filename", "stf_file", WireType.TEXT),
                    new Column("r.run_number", "run_number", WireType.INTEGER),
                    new Column("t.tf_filename", "tf_filename", WireType.TEXT),
                    new Column("t.file_size_bytes", "file_size_bytes", WireType.INTEGER),
                    new Column("t.checksum", "checksum", WireType.TEXT),
                    new Column("t.status", "status", WireType.TEXT),
                    new Column("t.metadata", "metadata", WireType.JSON),
                    new Column("t.created_at", "created_at", WireType.TIME),
                    new Column("t.updated_at", "updated_at", WireType.TIME),
                    new Column("t.tf_first", "tf_first", WireType.INTEGER),
                    new Column("t.tf_last", "tf_last", WireType.INTEGER),
                    new Column("t.tf_count", "tf_count", WireType.INTEGER)));

    private static final Select AGENTS = new Select(
            "swf_systemagent a",
            "a.instance_name",
            List.of(
                    new Column("a.instance_name", "instance_name", WireType.TEXT),
                    new Column("a.agent_type", "agent_type", WireType.TEXT),
                    new Column("a.status", "status", WireType.TEXT),
                    new Column("a.operational_state", "operational_state", WireType.TEXT),
                    new Column("a.last_heartbeat", "last_heartbeat", WireType.TIME),
                    new Column("a.pid", "pid", WireType.INTEGER),
                    new Column("a.hostname", "hostname", WireType.TEXT),
                    new Column("a.namespace", "namespace", WireType.TEXT),
                    new Column("a.description", "description", WireType.TEXT),
                    new Column("a.metadata", "metadata", WireType.JSON),
                    new Column("a.created_at", "created_at", WireType.TIME)));

    /** Equality conditions joined by AND; a null value adds none (a filter that was not given). */
    private static final class Where {
        final StringBuilder sql = new StringBuilder();
        final List<Object> values = new ArrayList<>();

        Where eq(String column, Object value) {
            if (value != null) {
                sql.append(sql.isEmpty() ? " WHERE " : " AND ").append(column).append(" = ?");
                values.add(value);
            }
            return this;
        }

        int bind(PreparedStatement ps) throws SQLException {
            int i = 1;
            for (Object v : values) {
                ps.setObject(i++, v);
            }
            return i;
        }
    }

    private Listing query(Connection c, Select select, Where where, Page page) throws SQLException {
        long count;
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + select.from() + where.sql)) {
            where.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                count = rs.getLong(1);
            }
        }
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < select.columns().size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(select.columns().get(i).sql());
        }
        sql.append(" FROM ")
                .append(select.from())
                .append(where.sql)
                .append(" ORDER BY ")
                .append(select.order());
        if (page.limit() != null) {
            sql.append(" LIMIT ? OFFSET ?");
        }
        List<ObjectNode> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int i = where.bind(ps);
            if (page.limit() != null) {
                ps.setInt(i++, page.limit());
                ps.setInt(i, page.offset());
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(row(rs, select));
                }
            }
        }
        return new Listing(rows, count);
    }

    private ObjectNode row(ResultSet rs, Select select) throws SQLException {
        ObjectNode n = mapper.createObjectNode();
        int i = 1;
        for (Column col : select.columns()) {
            switch (col.type()) {
                case INTEGER -> {
                    long v = rs.getLong(i);
                    if (rs.wasNull()) {
                        n.putNull(col.json());
                    } else {
                        n.put(col.json(), v);
                    }
                }
                case TIME -> {
                    OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
                    n.put(col.json(), t == null ? null : t.toInstant().toString());
                }
                case JSON -> {
                    String s = rs.getString(i);
                    try {
                        n.set(col.json(), s == null ? n.nullNode() : mapper.readTree(s));
                    } catch (java.io.IOException e) {
                        n.put(col.json(), s);
                    }
                }
                case TEXT -> n.put(col.json(), rs.getString(i));
            }
            i++;
        }
        return n;
    }

    private static boolean exists(Connection c, String sql, Object key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.BIGINT);
        } else {
            ps.setLong(i, v);
        }
    }

    private static OffsetDateTime utc(Instant t) {
        return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }
}
