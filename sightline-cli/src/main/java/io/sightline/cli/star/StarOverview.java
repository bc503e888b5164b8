package io.sightline.cli.star;

import io.sightline.core.star.StarBlockHeader;
import io.sightline.core.star.StarEvent;
import io.sightline.core.star.StarLoopHeader;
import io.sightline.core.star.StarPair;
import io.sightline.core.star.StarRow;
import io.sightline.core.star.StarStream;
import io.sightline.core.text.TextReadException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** What a STAR file holds, counted in one streaming pass: memory stays small whatever the number of rows. */
record StarOverview(List<Block> blocks) {

    /** A block: its name, version, first pairs and loops. */
    record Block(String name, int version, int pairCount, List<StarPair> firstPairs, List<Loop> loops) {}

    /** A loop: its columns and how many rows it has. */
    record Loop(List<String> columns, long rows) {}

    private static final int PAIRS_KEPT = 8;

    static StarOverview of(StarStream stream) throws TextReadException {
        List<Block> blocks = new ArrayList<>();
        StarBlockHeader header = null;
        int pairs = 0;
        List<StarPair> firstPairs = new ArrayList<>();
        List<Loop> loops = new ArrayList<>();
        List<String> columns = null;
        long rows = 0;
        for (StarEvent e = stream.next(); e != null; e = stream.next()) {
            if (columns != null && !(e instanceof StarRow)) {
                loops.add(new Loop(columns, rows));
                columns = null;
            }
            switch (e) {
                case StarBlockHeader h -> {
                    if (header != null) {
                        blocks.add(new Block(header.name(), header.version(), pairs, firstPairs, loops));
                    }
                    header = h;
                    pairs = 0;
                    firstPairs = new ArrayList<>();
                    loops = new ArrayList<>();
                }
                case StarPair p -> {
                    if (pairs++ < PAIRS_KEPT) {
                        firstPairs.add(p);
                    }
                }
                case StarLoopHeader l -> {
                    columns = l.columns();
                    rows = 0;
                }
                case StarRow r -> rows++;
                default -> {
                    if (header != null) {
                        blocks.add(new Block(header.name(), header.version(), pairs, firstPairs, loops));
                    }
                }
            }
        }
        return new StarOverview(blocks);
    }

    Set<String> blockNames() {
        Set<String> names = new LinkedHashSet<>();
        blocks.forEach(b -> names.add(b.name()));
        return names;
    }
}
