package io.sightline.server.persistence;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;

/**
 * Makes a batch idempotent by key: the first request with a key runs and its answer is stored in the
 * same transaction as its changes; a repeat with the same key and the same body gets the stored
 * answer and writes nothing; the same key with another body is refused. Each stored batch names who wrote
 * it ({@link WrittenBy}).
 */
public final class IngestLog {
    /** Rows deleted per transaction, so that a large first clean-up never holds the write lock for long. */
    static final int DELETE_CHUNK = 10_000;

    private final WriteTransactions transactions;

    public IngestLog(WriteTransactions transactions) {
        this.transactions = transactions;
    }

    /**
     * Who wrote a batch, stored with it: the credential's source ({@code token}, {@code oidc}, {@code open})
     * and name, and the agent ids it acted for then (empty for admins and for tokens not yet bound).
     */
    public record WrittenBy(String source, String name, Collection<String> agentIds) {
        /** A request whose caller is not known (access control replaced, as some tests do). */
        public static final WrittenBy UNKNOWN = new WrittenBy(null, null, List.of());

        public WrittenBy {
            agentIds = List.copyOf(agentIds);
        }
    }

    /** The answer and whether it was replayed from an earlier request. */
    public record Answer(String json, boolean replayed) {}

    /** Work that applies a batch and returns the answer to store. */
    @FunctionalInterface
    public interface Batch {
        String apply(WriteTransactions.Tx tx) throws SQLException;
    }

    /**
     * Runs {@code batch} once per key.
     *
     * @throws DataException.Invalid when the key was used before with a different body
     */
    public Answer run(String idempotencyKey, String bodySha256, WrittenBy writtenBy, Batch batch) {
        return transactions.write(tx -> {
            try (PreparedStatement query = tx.connection()
                    .prepareStatement("SELECT body_sha256, response FROM ingest_request WHERE idempotency_key = ?")) {
                query.setString(1, idempotencyKey);
                try (ResultSet rs = query.executeQuery()) {
                    if (rs.next()) {
                        if (!rs.getString(1).equals(bodySha256)) {
                            throw new DataException.Invalid(
                                    "Idempotency-Key",
                                    "Idempotency-Key '" + idempotencyKey + "' was already used with a different body");
                        }
                        return new Answer(rs.getString(2), true);
                    }
                }
            }
            String answer = batch.apply(tx);
            try (PreparedStatement insert = tx.connection()
                    .prepareStatement("INSERT INTO ingest_request (idempotency_key, body_sha256, response, created_at,"
                            + " written_by_source, written_by, written_for_agents) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, idempotencyKey);
                insert.setString(2, bodySha256);
                insert.setString(3, answer);
                insert.setObject(4, OffsetDateTime.ofInstant(tx.now(), ZoneOffset.UTC));
                insert.setString(5, writtenBy.source());
                insert.setString(6, writtenBy.name());
                insert.setString(7, String.join(" ", writtenBy.agentIds()));
                insert.executeUpdate();
            }
            return new Answer(answer, false);
        });
    }

    /** Forgets keys stored before {@code cutoff}, in chunks of {@value #DELETE_CHUNK}; returns how many. */
    public int forgetOlderThan(Instant cutoff) {
        OffsetDateTime before = OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC);
        int total = 0;
        for (int n = DELETE_CHUNK; n == DELETE_CHUNK; total += n) {
            n = transactions.write(tx -> {
                try (PreparedStatement delete = tx.connection()
                        .prepareStatement(
                                "DELETE FROM ingest_request WHERE idempotency_key IN (SELECT idempotency_key FROM ingest_request"
                                        + " WHERE created_at < ? ORDER BY created_at LIMIT " + DELETE_CHUNK + ")")) {
                    delete.setObject(1, before);
                    return delete.executeUpdate();
                }
            });
        }
        return total;
    }
}
