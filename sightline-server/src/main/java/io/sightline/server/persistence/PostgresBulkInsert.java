package io.sightline.server.persistence;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Many rows into one PostgreSQL table with one statement of one parameter per column: {@code INSERT INTO
 * t (a, b) SELECT a, b FROM unnest(?::varchar[], ?::int8[]) WITH ORDINALITY ... ORDER BY n}.
 *
 * <p>Why: the driver's rewritten batches are multi-row {@code VALUES} lists with a parameter per value,
 * and PostgreSQL parsed and planned each of them anew (the connections plan every execution, see {@code
 * Database}): for 1,000 micrographs of twenty columns that was 4 ms of binding before a row was written,
 * and batches that return generated keys (the event log's ids) are not rewritten at all, one round per
 * row. Here planning costs the same for one row or ten thousand.
 */
public final class PostgresBulkInsert {
    private PostgresBulkInsert() {}

    /**
     * Inserts {@code rows} (each holding one value per column, in column order; Java types as {@link
     * ColumnType} says) and, when {@code returning} names a generated column, answers its values in row
     * order; otherwise an empty list.
     */
    public static List<Long> insert(
            Connection c,
            String table,
            List<String> columns,
            List<ColumnType> types,
            List<Object[]> rows,
            String returning)
            throws SQLException {
        StringBuilder sql = new StringBuilder("INSERT INTO ")
                .append(table)
                .append(" (")
                .append(String.join(", ", columns))
                .append(") SELECT ");
        for (int i = 0; i < columns.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("u.c").append(i);
        }
        sql.append(" FROM unnest(");
        for (int i = 0; i < columns.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("?::").append(arrayType(types.get(i)));
        }
        sql.append(") WITH ORDINALITY AS u(");
        for (int i = 0; i < columns.size(); i++) {
            sql.append("c").append(i).append(", ");
        }
        sql.append("n) ORDER BY u.n"); // rows go in, and draw generated ids, in the order given
        if (returning != null) {
            sql.append(" RETURNING ").append(returning);
        }
        List<Array> arrays = new ArrayList<>(columns.size());
        try (PreparedStatement insert = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < columns.size(); i++) {
                Array array = c.createArrayOf(elementType(types.get(i)), column(rows, i, types.get(i)));
                arrays.add(array);
                insert.setArray(i + 1, array);
            }
            if (returning == null) {
                insert.executeUpdate();
                return List.of();
            }
            List<Long> ids = new ArrayList<>(rows.size());
            try (ResultSet rs = insert.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
            ids.sort(null); // drawn in row order (ORDER BY u.n); RETURNING itself promises no order
            return ids;
        } finally {
            for (Array array : arrays) {
                array.free();
            }
        }
    }

    /** Column {@code index} of every row, as the array element type the driver sends. */
    private static Object[] column(List<Object[]> rows, int index, ColumnType type) {
        Object[] values = new Object[rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            Object value = rows.get(r)[index];
            // timestamps travel as ISO-8601 text and are cast by the statement
            values[r] = type == ColumnType.TIMESTAMP && value != null
                    ? OffsetDateTime.ofInstant((Instant) value, ZoneOffset.UTC).toString()
                    : value;
        }
        return switch (type) {
            case STRING, TIMESTAMP -> java.util.Arrays.copyOf(values, values.length, String[].class);
            case INTEGER -> java.util.Arrays.copyOf(values, values.length, Long[].class);
            case NUMBER -> java.util.Arrays.copyOf(values, values.length, Double[].class);
            case BOOLEAN -> java.util.Arrays.copyOf(values, values.length, Boolean[].class);
        };
    }

    private static String elementType(ColumnType type) {
        return switch (type) {
            case STRING, TIMESTAMP -> "text";
            case INTEGER -> "int8";
            case NUMBER -> "float8";
            case BOOLEAN -> "bool";
        };
    }

    private static String arrayType(ColumnType type) {
        return switch (type) {
            case STRING -> "text[]";
            case TIMESTAMP -> "text[]::timestamptz[]";
            case INTEGER -> "int8[]";
            case NUMBER -> "float8[]";
            case BOOLEAN -> "bool[]";
        };
    }
}
