package io.sightline.fastmon;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The registry of STF formats: the first reader that recognises a file reads it. */
public final class StfReaders {
    private final List<StfReader> readers;

    public StfReaders(List<StfReader> readers) {
        this.readers = List.copyOf(readers);
    }

    /** Every format Sightline reads (the simulator's, for now). */
    public static StfReaders standard() {
        return new StfReaders(List.of(new SimulatedStfReader()));
    }

    /** The reader and layout for {@code file}, or empty for a format none knows. */
    public Optional<Found> find(Path file) throws IOException {
        for (StfReader r : readers) {
            Optional<StfReader.StfLayout> layout = r.layout(file);
            if (layout.isPresent()) {
                return Optional.of(new Found(r, layout.get()));
            }
        }
        return Optional.empty();
    }

    public record Found(StfReader reader, StfReader.StfLayout layout) {}
}
