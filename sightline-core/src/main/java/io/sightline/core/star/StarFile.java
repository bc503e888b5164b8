package io.sightline.core.star;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A whole STAR file in memory: its blocks in order and the text after the last one. For small files
 * (job.star, scheme.star, default_pipeline.star, per-micrograph results); stream big ones with
 * {@link StarStream}.
 *
 * @param trailer blank lines and comments after the last element, exactly as read ("" when none)
 */
public record StarFile(List<StarBlock> blocks, String trailer) {

    public StarFile {
        blocks = List.copyOf(blocks);
        Objects.requireNonNull(trailer, "trailer");
    }

    /** A file made in code. */
    public static StarFile of(List<StarBlock> blocks) {
        return new StarFile(blocks, "");
    }

    /** The first block named {@code name}, if any. */
    public Optional<StarBlock> block(String name) {
        return blocks.stream().filter(b -> b.name().equals(name)).findFirst();
    }

    /** The same file with the first block of the same name replaced by {@code block}, or it added last. */
    public StarFile with(StarBlock block) {
        List<StarBlock> changed = new ArrayList<>(blocks);
        for (int i = 0; i < changed.size(); i++) {
            if (changed.get(i).name().equals(block.name())) {
                changed.set(i, block);
                return new StarFile(changed, trailer);
            }
        }
        changed.add(block);
        return new StarFile(changed, trailer);
    }

    /** The same file without any source text: written, it has RELION's layout throughout. */
    public StarFile reformatted() {
        return new StarFile(blocks.stream().map(StarBlock::reformatted).toList(), "");
    }
}
