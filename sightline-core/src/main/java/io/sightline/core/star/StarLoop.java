package io.sightline.core.star;

import java.util.ArrayList;
import java.util.List;

/** A loop of a block: its header and rows, each row holding one value per column. */
public record StarLoop(StarLoopHeader header, List<StarRow> rows) implements StarItem {

    public StarLoop {
        rows = List.copyOf(rows);
        int width = header.columns().size();
        for (StarRow row : rows) {
            if (row.size() != width) {
                throw new IllegalArgumentException(
                        "a row of " + row.size() + " values in a loop of " + width + " columns: " + row);
            }
        }
    }

    /** A loop made in code, formatted by the writer. */
    public static StarLoop of(List<String> columns, List<StarRow> rows) {
        return new StarLoop(StarLoopHeader.of(columns), rows);
    }

    public List<String> columns() {
        return header.columns();
    }

    /** The index of {@code column}, or -1 when the loop has no such column. */
    public int column(String column) {
        return header.column(column);
    }

    /** The same loop with the row at {@code index} replaced; the other rows keep their source. */
    public StarLoop withRow(int index, StarRow row) {
        List<StarRow> changed = new ArrayList<>(rows);
        changed.set(index, row);
        return new StarLoop(header, changed);
    }

    /** The same loop with {@code row} added at the end. */
    public StarLoop plus(StarRow row) {
        List<StarRow> changed = new ArrayList<>(rows);
        changed.add(row);
        return new StarLoop(header, changed);
    }

    /** The same loop with other rows; the header keeps its source. */
    public StarLoop withRows(List<StarRow> newRows) {
        return new StarLoop(header, newRows);
    }

    /** The same loop without any source text. */
    public StarLoop reformatted() {
        return new StarLoop(
                header.reformatted(), rows.stream().map(StarRow::reformatted).toList());
    }
}
