package io.sightline.core.relion;

import io.sightline.core.star.StarBlock;
import io.sightline.core.star.StarFile;
import io.sightline.core.star.StarLoop;
import io.sightline.core.star.StarPair;
import io.sightline.core.star.StarRow;
import io.sightline.core.text.TextReadException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** Required blocks, pairs and columns of a RELION file, and typed values, with errors naming the place. */
final class StarFields {

    private final StarFile star;
    private final Path file;
    private final String what;

    StarFields(StarFile star, Path file, String what) {
        this.star = star;
        this.file = file;
        this.what = what;
    }

    StarBlock block(String name) throws TextReadException {
        return star.block(name).orElseThrow(() -> malformed(-1, -1, "no data_" + name + " block"));
    }

    /** The block's loop, or none when the block is absent (RELION leaves out empty tables). */
    Optional<StarLoop> optionalLoop(String name) throws TextReadException {
        Optional<StarBlock> block = star.block(name);
        if (block.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(block.get()
                .loop()
                .orElseThrow(() -> malformed(block.get().header().line(), -1, "data_" + name + " has no loop_")));
    }

    StarLoop loop(String name) throws TextReadException {
        return optionalLoop(name).orElseThrow(() -> malformed(-1, -1, "no data_" + name + " block"));
    }

    StarPair pair(StarBlock block, String key) throws TextReadException {
        return block.pair(key)
                .orElseThrow(() -> malformed(block.header().line(), -1, "data_" + block.name() + " has no _" + key));
    }

    /** The index of the first of {@code names} that the loop has. */
    int column(StarLoop loop, String... names) throws TextReadException {
        int index = optionalColumn(loop, names);
        if (index < 0) {
            throw malformed(loop.header().line(), -1, "the loop has no column _" + String.join(" or _", names));
        }
        return index;
    }

    static int optionalColumn(StarLoop loop, String... names) {
        for (String name : names) {
            int index = loop.column(name);
            if (index >= 0) {
                return index;
            }
        }
        return -1;
    }

    int integer(StarPair pair) throws TextReadException {
        try {
            return Integer.parseInt(pair.value());
        } catch (NumberFormatException e) {
            throw malformed(pair.line(), -1, "_" + pair.key() + " is '" + pair.value() + "', not a whole number");
        }
    }

    int integer(StarRow row, int column, String name) throws TextReadException {
        try {
            return Integer.parseInt(row.value(column));
        } catch (NumberFormatException e) {
            throw malformed(
                    row.line(), row.column(column), name + " is '" + row.value(column) + "', not a whole number");
        }
    }

    boolean bool(String value, int line, int column, String name) throws TextReadException {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "1", "true", "yes" -> true;
            case "0", "false", "no" -> false;
            default -> throw malformed(line, column, name + " is '" + value + "', not 0 or 1");
        };
    }

    boolean bool(StarPair pair) throws TextReadException {
        return bool(pair.value(), pair.line(), -1, "_" + pair.key());
    }

    boolean bool(StarRow row, int column, String name) throws TextReadException {
        return bool(row.value(column), row.line(), row.column(column), name);
    }

    TextReadException malformed(int line, int column, String problem) {
        return new TextReadException.Malformed(file, line, column, "not a " + what + ": " + problem);
    }

    /** RELION writes booleans as 0 and 1. */
    static String bool(boolean value) {
        return value ? "1" : "0";
    }

    /** RELION writes an absent string as "None" in pipelines and "undefined" in schemes; both read as null. */
    static String orNull(String value, String absent) {
        return value.equals(absent) ? null : value;
    }
}
