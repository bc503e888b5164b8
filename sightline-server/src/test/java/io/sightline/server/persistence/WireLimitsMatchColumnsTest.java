package io.sightline.server.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.core.wire.AckField;
import io.sightline.core.wire.DataObjectField;
import io.sightline.core.wire.FieldSpec;
import io.sightline.core.wire.HeartbeatField;
import io.sightline.core.wire.InstructionField;
import io.sightline.core.wire.LogField;
import io.sightline.core.wire.MicrographFeedbackField;
import io.sightline.core.wire.SessionField;
import io.sightline.core.wire.TokenField;
import io.sightline.core.wire.WireField;
import io.sightline.core.wire.WireType;
import io.sightline.server.steering.Acknowledgement;
import io.sightline.server.testing.BothDatabases;
import io.sightline.server.testing.TestDatabase;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * The limits of the wire vocabulary fit the columns the migrations create, on H2 and on PostgreSQL: every
 * value a field lets through can be stored, so a narrower column (or a wider limit) fails here rather than
 * as a 500 in production. Every entity field is a column of its kind's table and every column is a field;
 * every other declared field is mapped to the columns it is stored in, or said to be stored derived.
 */
class WireLimitsMatchColumnsTest {

    /** A column one declared field is stored in. */
    private record Stored(String table, String column, WireField field) {}

    /** Where the steering, token and processing fields go (SteeringStore, TokenStore, EntityStore). */
    private static final List<Stored> OTHER_COLUMNS = List.of(
            new Stored("agent_session", "agent_id", SessionField.AGENT_ID),
            new Stored("agent_connection", "agent_id", SessionField.AGENT_ID),
            new Stored("agent_instruction", "agent_id", SessionField.AGENT_ID),
            new Stored("agent_instruction_ack", "agent_id", SessionField.AGENT_ID),
            new Stored("agent_log", "agent_id", SessionField.AGENT_ID),
            new Stored("api_token_agent", "agent_id", SessionField.AGENT_ID),
            new Stored("agent_report", "agent_id", SessionField.AGENT_ID),
            new Stored("agent_report", "outbox_depth", HeartbeatField.OUTBOX_DEPTH),
            new Stored("agent_report", "outbox_parked", HeartbeatField.OUTBOX_PARKED),
            new Stored(
                    "agent_report",
                    "outbox_oldest_undelivered_seconds",
                    HeartbeatField.OUTBOX_OLDEST_UNDELIVERED_SECONDS),
            new Stored("agent_report", "outbox_newest_parked", HeartbeatField.OUTBOX_NEWEST_PARKED),
            new Stored("agent_session", "session_id", SessionField.SESSION_ID),
            new Stored("agent_session", "name", SessionField.NAME),
            new Stored("agent_session", "acquisition_uuid", SessionField.ACQUISITION_UUID),
            new Stored("agent_session", "metadata", SessionField.METADATA),
            new Stored("agent_session", "metadata", SessionField.EXPERIMENTAL_PARAMETERS),
            new Stored("agent_instruction", "instruction_id", InstructionField.INSTRUCTION_ID),
            new Stored("agent_instruction", "instruction_type", InstructionField.INSTRUCTION_TYPE),
            new Stored("agent_instruction", "payload", InstructionField.PAYLOAD),
            new Stored("agent_instruction", "sequence_number", InstructionField.SEQUENCE_NUMBER),
            new Stored("agent_instruction", "expires_at", InstructionField.EXPIRES_AT),
            new Stored("agent_instruction", "max_retries", InstructionField.MAX_RETRIES),
            new Stored("agent_instruction", "ack_status", AckField.STATUS),
            new Stored("agent_instruction", "ack_result", AckField.RESULT),
            new Stored("agent_instruction", "ack_error_message", AckField.ERROR_MESSAGE),
            new Stored("agent_instruction", "processing_time_ms", AckField.PROCESSING_TIME_MS),
            new Stored("agent_instruction_ack", "status", AckField.STATUS),
            new Stored("agent_instruction_ack", "result", AckField.RESULT),
            new Stored("agent_instruction_ack", "error_message", AckField.ERROR_MESSAGE),
            new Stored("agent_instruction_ack", "processing_time_ms", AckField.PROCESSING_TIME_MS),
            new Stored("agent_log", "logged_at", LogField.TIMESTAMP),
            new Stored("agent_log", "level", LogField.LEVEL),
            new Stored("agent_log", "logger_name", LogField.LOGGER_NAME),
            new Stored("agent_log", "message", LogField.MESSAGE),
            new Stored("api_token", "name", TokenField.NAME),
            new Stored("micrograph_quality", "metric_name", MicrographFeedbackField.METRIC_NAME),
            new Stored("micrograph_quality", "quality", MicrographFeedbackField.QUALITY),
            new Stored("micrograph", "total_motion", MicrographFeedbackField.TOTAL_MOTION),
            new Stored("micrograph", "average_motion", MicrographFeedbackField.AVERAGE_MOTION),
            new Stored("micrograph", "ctf_max_resolution_estimate", MicrographFeedbackField.CTF_MAX_RES),
            new Stored("data_object", "uid", DataObjectField.UID),
            new Stored("data_object_parent", "uid", DataObjectField.UID),
            new Stored("data_object_parent", "parent_uid", DataObjectField.UID),
            new Stored("data_object", "path", DataObjectField.PATH),
            new Stored("data_object", "kind", DataObjectField.KIND),
            new Stored("data_object", "session", DataObjectField.SESSION),
            new Stored("data_object", "dtype", DataObjectField.DTYPE),
            new Stored("data_object", "checksum", DataObjectField.CHECKSUM),
            new Stored("data_object", "entity_uuid", DataObjectField.ENTITY_UUID),
            new Stored("data_object", "metadata", DataObjectField.METADATA));

    /** Fields stored in another form, each with the check that the form holds every value the field takes. */
    private static final Map<WireField, String> DERIVED = Map.of(
            InstructionField.PRIORITY, "agent_instruction.priority_rank SMALLINT: Priority.rank() 0 to 2",
            InstructionField.EXPIRES_IN_SECONDS, "agent_instruction.ttl_ms BIGINT and expires_at: milliseconds",
            InstructionField.EXPIRES_IN_MINUTES, "as EXPIRES_IN_SECONDS, times 60 (checked below)",
            AckField.PROCESSED_AT, "its text as written in client_processed_at VARCHAR(64) (checked below)");

    private record ColumnInfo(int sqlType, String typeName, long size) {}

    private static Map<String, ColumnInfo> columns(Connection c, String table) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        Map<String, ColumnInfo> out = new HashMap<>();
        try (ResultSet rs = meta.getColumns(null, c.getSchema(), table, null)) {
            while (rs.next()) {
                out.put(
                        rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT),
                        new ColumnInfo(
                                rs.getInt("DATA_TYPE"),
                                rs.getString("TYPE_NAME").toLowerCase(Locale.ROOT),
                                rs.getLong("COLUMN_SIZE")));
            }
        }
        assertThat(out).as("table " + table).isNotEmpty();
        return out;
    }

    /** Why {@code column} cannot hold every value {@code field} lets through; null when it can. */
    private static String misfit(FieldSpec field, ColumnInfo column) {
        boolean text = column.sqlType() == Types.VARCHAR
                || column.sqlType() == Types.CLOB
                || column.sqlType() == Types.LONGVARCHAR
                || column.typeName().contains("char")
                || column.typeName().equals("text");
        return switch (field.type()) {
            case WireType.Text t -> text && column.size() >= t.maxLength() ? null : "text of " + t.maxLength();
            case WireType.Uuid u -> text && column.size() >= WireType.Uuid.MAX_LENGTH ? null : "an id";
            case WireType.JsonObject j -> text && column.size() >= j.maxLength() ? null : "JSON of " + j.maxLength();
            case WireType.Whole w -> {
                long[] range = switch (column.sqlType()) {
                    case Types.BIGINT -> new long[] {Long.MIN_VALUE, Long.MAX_VALUE};
                    case Types.INTEGER -> new long[] {Integer.MIN_VALUE, Integer.MAX_VALUE};
                    case Types.SMALLINT -> new long[] {Short.MIN_VALUE, Short.MAX_VALUE};
                    default -> null;
                };
                yield range != null && range[0] <= w.min() && w.max() <= range[1]
                        ? null
                        : "whole numbers " + w.min() + " to " + w.max();
            }
            case WireType.Real r ->
                column.sqlType() == Types.DOUBLE || column.sqlType() == Types.FLOAT ? null : "a double";
            case WireType.Flag f ->
                column.sqlType() == Types.BOOLEAN || column.sqlType() == Types.BIT ? null : "a boolean";
            case WireType.Time t ->
                column.sqlType() == Types.TIMESTAMP_WITH_TIMEZONE
                                || column.typeName().equals("timestamptz")
                        ? null
                        : "a time with its zone";
        };
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void everyEntityFieldIsAColumnThatHoldsEveryValueItTakes(TestDatabase db) throws SQLException {
        try (Connection c = db.dataSource().getConnection()) {
            List<String> problems = new ArrayList<>();
            for (EntityKind kind : EntityKind.values()) {
                Map<String, ColumnInfo> columns = columns(c, kind.table());
                Set<String> expected = new LinkedHashSet<>();
                expected.add("uuid");
                if (kind.storesAcquisitionUuid()) {
                    expected.add("acquisition_uuid");
                }
                for (Column column : kind.columns()) {
                    expected.add(column.name());
                    ColumnInfo info = columns.get(column.name());
                    String misfit = info == null ? "no column" : misfit(column.spec(), info);
                    if (misfit != null) {
                        problems.add(kind.table() + "." + column.name() + " " + info + " cannot hold " + misfit);
                    }
                }
                assertThat(columns.keySet()).as(kind.table()).containsExactlyInAnyOrderElementsOf(expected);
            }
            assertThat(problems).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void everyOtherDeclaredFieldIsStoredInColumnsThatHoldEveryValueItTakes(TestDatabase db) throws SQLException {
        try (Connection c = db.dataSource().getConnection()) {
            List<String> problems = new ArrayList<>();
            Map<String, Map<String, ColumnInfo>> tables = new HashMap<>();
            for (Stored stored : OTHER_COLUMNS) {
                ColumnInfo info = tables.computeIfAbsent(stored.table(), t -> {
                            try {
                                return columns(c, t);
                            } catch (SQLException e) {
                                throw new IllegalStateException(e);
                            }
                        })
                        .get(stored.column());
                String misfit =
                        info == null ? "no column" : misfit(stored.field().spec(), info);
                if (misfit != null) {
                    problems.add(stored.table() + "." + stored.column() + " " + info + " cannot hold " + misfit);
                }
            }
            assertThat(problems).isEmpty();
            ColumnInfo ttl = columns(c, "agent_instruction").get("ttl_ms");
            WireType.Real seconds =
                    (WireType.Real) InstructionField.EXPIRES_IN_SECONDS.spec().type();
            assertThat(ttl.sqlType()).isEqualTo(Types.BIGINT);
            assertThat(seconds.max() * 1000).isLessThan(Long.MAX_VALUE);
            for (String table : List.of("agent_instruction", "agent_instruction_ack")) {
                assertThat(columns(c, table).get("client_processed_at").size())
                        .isEqualTo(Acknowledgement.CLIENT_TIME_LENGTH);
            }
            WireType.Real minutes =
                    (WireType.Real) InstructionField.EXPIRES_IN_MINUTES.spec().type();
            assertThat(minutes.max() * 60).isLessThanOrEqualTo(seconds.max());
            ColumnInfo rank = columns(c, "agent_instruction").get("priority_rank");
            assertThat(rank.sqlType()).isIn(Types.SMALLINT, Types.INTEGER);
        }
    }

    @Test
    void everyDeclaredFieldOfTheOtherBodiesHasItsColumns() {
        Set<WireField> mapped = new HashSet<>(DERIVED.keySet());
        OTHER_COLUMNS.forEach(s -> mapped.add(s.field()));
        List<WireField> declared = Stream.<WireField[]>of(
                        SessionField.values(),
                        InstructionField.values(),
                        AckField.values(),
                        LogField.values(),
                        HeartbeatField.values(),
                        TokenField.values(),
                        MicrographFeedbackField.values(),
                        DataObjectField.values())
                .flatMap(Stream::of)
                .toList();
        assertThat(mapped).containsExactlyInAnyOrderElementsOf(declared);
    }
}
