package io.sightline.core.mdoc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The real mdoc files under {@code src/test/resources/mdoc-samples} (origins in its README). */
final class MdocSamples {
    private MdocSamples() {}

    static Path file(String name) {
        try {
            return Path.of(
                    MdocSamples.class.getResource("/mdoc-samples/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Path> all() {
        try (Stream<Path> files = Files.list(file("README.md").getParent())) {
            return files.filter(p -> p.toString().endsWith(".mdoc")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
