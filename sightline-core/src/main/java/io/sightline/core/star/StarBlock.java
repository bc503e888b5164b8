package io.sightline.core.star;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A data block: its header and what it holds, pairs and loops in file order. */
public record StarBlock(StarBlockHeader header, List<StarItem> items) {

    public StarBlock {
        items = List.copyOf(items);
    }

    /** A block made in code, formatted by the writer; version 0 writes no {@code # version} comment. */
    public static StarBlock of(String name, int version, List<? extends StarItem> items) {
        return new StarBlock(StarBlockHeader.of(name, version), List.copyOf(items));
    }

    public String name() {
        return header.name();
    }

    /** The {@code # version} before the block, 0 when none. */
    public int version() {
        return header.version();
    }

    /** The pair with {@code key}, if the block has one. */
    public Optional<StarPair> pair(String key) {
        for (StarItem item : items) {
            if (item instanceof StarPair p && p.key().equals(key)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The value of the pair with {@code key}, if the block has one. */
    public Optional<String> value(String key) {
        return pair(key).map(StarPair::value);
    }

    /** The block's pairs in order. */
    public List<StarPair> pairs() {
        return items.stream()
                .filter(StarPair.class::isInstance)
                .map(StarPair.class::cast)
                .toList();
    }

    /** The block's first loop (RELION's blocks hold at most one). */
    public Optional<StarLoop> loop() {
        return items.stream()
                .filter(StarLoop.class::isInstance)
                .map(StarLoop.class::cast)
                .findFirst();
    }

    /** The same block with the pair for {@code key} set to {@code value}: changed in place, or added. */
    public StarBlock withValue(String key, String value) {
        List<StarItem> changed = new ArrayList<>(items);
        for (int i = 0; i < changed.size(); i++) {
            if (changed.get(i) instanceof StarPair p && p.key().equals(key)) {
                if (p.value().equals(value)) {
                    return this;
                }
                changed.set(i, p.withValue(value));
                return new StarBlock(header, changed);
            }
        }
        int at = 0;
        while (at < changed.size() && changed.get(at) instanceof StarPair) {
            at++;
        }
        changed.add(at, StarPair.of(key, value));
        return new StarBlock(header, changed);
    }

    /** The same block with its first loop replaced by {@code loop}, or {@code loop} added at the end. */
    public StarBlock withLoop(StarLoop loop) {
        List<StarItem> changed = new ArrayList<>(items);
        for (int i = 0; i < changed.size(); i++) {
            if (changed.get(i) instanceof StarLoop) {
                changed.set(i, loop);
                return new StarBlock(header, changed);
            }
        }
        changed.add(loop);
        return new StarBlock(header, changed);
    }

    /** The same block without any source text. */
    public StarBlock reformatted() {
        return new StarBlock(
                header.reformatted(),
                items.stream()
                        .map(item -> switch (item) {
                            case StarPair p -> (StarItem) p.reformatted();
                            case StarLoop l -> l.reformatted();
                        })
                        .toList());
    }
}
