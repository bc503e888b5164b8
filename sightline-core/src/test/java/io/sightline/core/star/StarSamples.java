package io.sightline.core.star;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The real STAR files under {@code src/test/resources/star-samples} (origins in its README). */
public final class StarSamples {
    private StarSamples() {}

    public static Path dir() {
        try {
            return Path.of(StarSamples.class.getResource("/star-samples").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Path file(String relative) {
        return dir().resolve(relative);
    }

    /** Every {@code .star} sample. */
    public static List<Path> all() {
        try (Stream<Path> files = Files.walk(dir())) {
            return files.filter(p -> p.toString().endsWith(".star")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
