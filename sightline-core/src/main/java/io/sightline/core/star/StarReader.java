package io.sightline.core.star;

import io.sightline.core.text.LineReader;
import io.sightline.core.text.TextReadException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads STAR files: {@link #open} streams one event at a time (any size, bounded memory), {@link #read}
 * gathers a whole file into a {@link StarFile}. Stateless and thread-safe; nothing unchecked escapes.
 */
public final class StarReader {

    /** Streams {@code file}; close the stream when done. */
    public StarStream open(Path file) throws TextReadException {
        return new StarStream(LineReader.open(file));
    }

    /**
     * Streams from {@code in}, naming {@code file} in errors; closing the stream leaves {@code in} open.
     */
    public StarStream open(InputStream in, Path file) {
        return new StarStream(LineReader.of(in, file));
    }

    /** Reads all of {@code file}. */
    public StarFile read(Path file) throws TextReadException {
        try (StarStream stream = open(file)) {
            return collect(stream);
        }
    }

    /** Reads all of {@code in}, naming {@code file} in errors; {@code in} is not closed. */
    public StarFile read(InputStream in, Path file) throws TextReadException {
        try (StarStream stream = open(in, file)) {
            return collect(stream);
        }
    }

    private static StarFile collect(StarStream stream) throws TextReadException {
        List<StarBlock> blocks = new ArrayList<>();
        StarBlockHeader header = null;
        List<StarItem> items = new ArrayList<>();
        StarLoopHeader loop = null;
        List<StarRow> rows = new ArrayList<>();
        for (StarEvent e = stream.next(); e != null; e = stream.next()) {
            if (loop != null && !(e instanceof StarRow)) {
                items.add(new StarLoop(loop, rows));
                loop = null;
                rows = new ArrayList<>();
            }
            switch (e) {
                case StarBlockHeader h -> {
                    if (header != null) {
                        blocks.add(new StarBlock(header, items));
                    }
                    header = h;
                    items = new ArrayList<>();
                }
                case StarPair p -> items.add(p);
                case StarLoopHeader l -> loop = l;
                case StarRow r -> rows.add(r);
                case StarEnd end -> {
                    if (header != null) {
                        blocks.add(new StarBlock(header, items));
                    }
                    return new StarFile(blocks, end.trailer());
                }
            }
        }
        throw new IllegalStateException("a STAR stream ends with StarEnd");
    }
}
