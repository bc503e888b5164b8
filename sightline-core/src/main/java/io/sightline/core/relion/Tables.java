package io.sightline.core.relion;

import io.sightline.core.star.StarBlock;
import io.sightline.core.star.StarFile;
import io.sightline.core.star.StarLoop;
import io.sightline.core.star.StarRow;
import io.sightline.core.text.TextReadException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Edits of a RELION file's tables (one loop per block) that keep every untouched row's source. */
final class Tables {

    private Tables() {}

    /** The rows of block {@code name}'s loop, none when the block is absent. */
    static List<StarRow> rows(StarFile star, String name) {
        return star.block(name).flatMap(StarBlock::loop).map(StarLoop::rows).orElse(List.of());
    }

    /** The columns of block {@code name}'s loop, or {@code fresh} for a block that does not exist yet. */
    static List<String> columns(StarFile star, String name, List<String> fresh) {
        return star.block(name).flatMap(StarBlock::loop).map(StarLoop::columns).orElse(fresh);
    }

    /**
     * The file with block {@code name}'s rows edited; a missing block is added, in RELION 5's layout with
     * {@code fresh} columns.
     */
    static StarFile editRows(StarFile star, String name, List<String> fresh, UnaryOperator<List<StarRow>> edit) {
        StarBlock block = star.block(name)
                .orElseGet(() -> StarBlock.of(name, RelionFiles.VERSION, List.of(StarLoop.of(fresh, List.of()))));
        StarLoop loop = block.loop().orElseThrow(() -> new IllegalStateException("data_" + name + " has no loop"));
        List<StarRow> rows = edit.apply(new ArrayList<>(loop.rows()));
        return star.with(block.withLoop(loop.withRows(rows)));
    }

    /** The file with {@code row} replacing the first row whose {@code key} column equals {@code key}, or added. */
    static StarFile upsert(
            StarFile star, String name, List<String> fresh, String keyColumn, Map<String, String> values) {
        List<String> columns = columns(star, name, fresh);
        int key = columns.indexOf(keyColumn);
        StarRow row = row(columns, values);
        return editRows(star, name, fresh, rows -> {
            for (int i = 0; i < rows.size(); i++) {
                if (rows.get(i).value(key).equals(values.get(keyColumn))) {
                    if (!rows.get(i).values().equals(row.values())) {
                        rows.set(i, row);
                    }
                    return rows;
                }
            }
            rows.add(row);
            return rows;
        });
    }

    /** A row for {@code columns} from values by column name; a column without a value gets "". */
    static StarRow row(List<String> columns, Map<String, String> values) {
        return StarRow.of(columns.stream().map(c -> values.getOrDefault(c, "")).toList());
    }

    /** Reads an edited file back into its view; an edit of a valid file that no longer reads is a bug. */
    static <T> T reread(StarFile star, Reader<T> reader) {
        try {
            return reader.read(star, RelionFiles.EDITED);
        } catch (TextReadException e) {
            throw new IllegalStateException("an edit left a file that does not read: " + e.getMessage(), e);
        }
    }

    /** How a view is read from a file. */
    @FunctionalInterface
    interface Reader<T> {
        T read(StarFile star, java.nio.file.Path file) throws TextReadException;
    }
}
