package io.sightline.server.pipeline;

import io.sightline.server.persistence.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The pipeline tables (V60): runs and their jobs. Plain JDBC; every write is one transaction. */
public final class PipelineStore {
    private static final String RUN_COLUMNS =
            "id, name, project_dir, spec, status, stop_on_failure, max_attempts, reason, created_at, finished_at";
    private static final String JOB_COLUMNS = "run_id, name, position, job_type, job_dir, status, attempt, executor,"
            + " external_id, job_key, reason, updated_at";

    private final Database db;

    public PipelineStore(Database db) {
        this.db = db;
    }

    public void insert(PipelineRun run, List<PipelineJob> jobs) {
        write(c -> {
            try (PreparedStatement s =
                    c.prepareStatement("INSERT INTO pipeline_run (" + RUN_COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?)")) {
                bindRun(s, run);
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO pipeline_job (" + JOB_COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?)")) {
                for (PipelineJob j : jobs) {
                    bindJob(s, j);
                    s.addBatch();
                }
                s.executeBatch();
            }
        });
    }

    public void update(PipelineRun run) {
        write(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE pipeline_run SET status = ?, reason = ?, finished_at = ? WHERE id = ?")) {
                s.setString(1, run.status().name());
                s.setString(2, run.reason());
                s.setTimestamp(3, ts(run.finishedAt()));
                s.setString(4, run.id());
                s.executeUpdate();
            }
        });
    }

    public void update(PipelineJob job) {
        write(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE pipeline_job SET status = ?, attempt = ?, executor = ?,"
                            + " external_id = ?, job_key = ?, reason = ?, updated_at = ? WHERE run_id = ? AND name = ?")) {
                s.setString(1, job.status().name());
                s.setInt(2, job.attempt());
                s.setString(3, job.executor());
                s.setString(4, job.externalId());
                s.setString(5, job.jobKey());
                s.setString(6, clip(job.reason()));
                s.setTimestamp(7, ts(job.updatedAt()));
                s.setString(8, job.runId());
                s.setString(9, job.name());
                s.executeUpdate();
            }
        });
    }

    public Optional<PipelineRun> run(String id) {
        return runs("WHERE id = ?", id, 1).stream().findFirst();
    }

    public List<PipelineRun> running() {
        return runs("WHERE status = ?", RunStatus.RUNNING.name(), Integer.MAX_VALUE);
    }

    /** The newest runs first. */
    public List<PipelineRun> recent(int limit) {
        return runs("", null, limit);
    }

    private List<PipelineRun> runs(String where, String arg, int limit) {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + RUN_COLUMNS + " FROM pipeline_run " + where
                    + " ORDER BY created_at DESC, id LIMIT " + limit)) {
                if (arg != null) {
                    s.setString(1, arg);
                }
                List<PipelineRun> out = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        out.add(new PipelineRun(
                                r.getString(1),
                                r.getString(2),
                                r.getString(3),
                                r.getString(4),
                                RunStatus.valueOf(r.getString(5)),
                                r.getBoolean(6),
                                r.getInt(7),
                                r.getString(8),
                                instant(r.getTimestamp(9)),
                                instant(r.getTimestamp(10))));
                    }
                }
                return out;
            }
        });
    }

    /** The run's jobs in pipeline order. */
    public List<PipelineJob> jobs(String runId) {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT " + JOB_COLUMNS + " FROM pipeline_job WHERE run_id = ? ORDER BY position")) {
                s.setString(1, runId);
                List<PipelineJob> out = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        out.add(new PipelineJob(
                                r.getString(1),
                                r.getString(2),
                                r.getInt(3),
                                r.getString(4),
                                r.getString(5),
                                JobStatus.valueOf(r.getString(6)),
                                r.getInt(7),
                                r.getString(8),
                                r.getString(9),
                                r.getString(10),
                                r.getString(11),
                                instant(r.getTimestamp(12))));
                    }
                }
                return out;
            }
        });
    }

    private static void bindRun(PreparedStatement s, PipelineRun run) throws SQLException {
        s.setString(1, run.id());
        s.setString(2, run.name());
        s.setString(3, run.projectDir());
        s.setString(4, run.spec());
        s.setString(5, run.status().name());
        s.setBoolean(6, run.stopOnFailure());
        s.setInt(7, run.maxAttempts());
        s.setString(8, clip(run.reason()));
        s.setTimestamp(9, ts(run.createdAt()));
        s.setTimestamp(10, ts(run.finishedAt()));
    }

    private static void bindJob(PreparedStatement s, PipelineJob j) throws SQLException {
        s.setString(1, j.runId());
        s.setString(2, j.name());
        s.setInt(3, j.position());
        s.setString(4, j.jobType());
        s.setString(5, j.jobDir());
        s.setString(6, j.status().name());
        s.setInt(7, j.attempt());
        s.setString(8, j.executor());
        s.setString(9, j.externalId());
        s.setString(10, j.jobKey());
        s.setString(11, clip(j.reason()));
        s.setTimestamp(12, ts(j.updatedAt()));
    }

    static String clip(String s) {
        return s == null || s.length() <= 2000 ? s : s.substring(0, 1997) + "...";
    }

    static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }

    static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private interface Work {
        void run(Connection c) throws SQLException;
    }

    private void write(Work work) {
        SqlTransaction.run(db, "pipeline store write", c -> {
            work.run(c);
            return null;
        });
    }
}
