package io.sightline.server.pipeline.results;

import io.sightline.server.persistence.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;

/** The {@code micrograph_ctf} table (Flyway V65): the latest CTF details of each micrograph. */
public final class MicrographCtfTable {
    private static final String VALUES =
            "defocus_u, defocus_v, astigmatism, defocus_angle, max_resolution, figure_of_merit";

    /** A stored row: the details and which run and job gave them, when. */
    public record Row(String micrographUuid, CtfDetails ctf, String runId, String job, Instant recordedAt) {}

    private final Database database;

    public MicrographCtfTable(Database database) {
        this.database = database;
    }

    public Optional<Row> get(String micrographUuid) {
        return database.read(c -> find(c, micrographUuid));
    }

    /**
     * Stores {@code ctf} for the micrograph inside the caller's transaction, unless the stored details are these
     * already (whichever run gave them): then nothing is written.
     *
     * @return whether anything was written
     */
    boolean put(Connection c, String micrographUuid, CtfDetails ctf, String runId, String job, Instant at)
            throws SQLException {
        Optional<Row> old = find(c, micrographUuid);
        if (old.isPresent() && old.get().ctf().equals(ctf)) {
            return false;
        }
        String sql = old.isPresent()
                ? "UPDATE micrograph_ctf SET defocus_u = ?, defocus_v = ?, astigmatism = ?, defocus_angle = ?,"
                        + " max_resolution = ?, figure_of_merit = ?, run_id = ?, job = ?, recorded_at = ?"
                        + " WHERE micrograph_uuid = ?"
                : "INSERT INTO micrograph_ctf (" + VALUES + ", run_id, job, recorded_at, micrograph_uuid)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (PreparedStatement write = c.prepareStatement(sql)) {
            Double[] values = {
                ctf.defocusU(),
                ctf.defocusV(),
                ctf.astigmatism(),
                ctf.defocusAngle(),
                ctf.maxResolution(),
                ctf.figureOfMerit()
            };
            for (int i = 0; i < values.length; i++) {
                if (values[i] == null) {
                    write.setNull(i + 1, Types.DOUBLE);
                } else {
                    write.setDouble(i + 1, values[i]);
                }
            }
            write.setString(7, runId);
            write.setString(8, job);
            write.setObject(9, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
            write.setString(10, micrographUuid);
            write.executeUpdate();
        }
        return true;
    }

    private static Optional<Row> find(Connection c, String micrographUuid) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(
                "SELECT " + VALUES + ", run_id, job, recorded_at FROM micrograph_ctf WHERE micrograph_uuid = ?")) {
            select.setString(1, Objects.requireNonNull(micrographUuid));
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                CtfDetails ctf = new CtfDetails(
                        number(rs, 1), number(rs, 2), number(rs, 3), number(rs, 4), number(rs, 5), number(rs, 6));
                return Optional.of(new Row(
                        micrographUuid,
                        ctf,
                        rs.getString(7),
                        rs.getString(8),
                        rs.getObject(9, OffsetDateTime.class).toInstant()));
            }
        }
    }

    private static Double number(ResultSet rs, int column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }
}
