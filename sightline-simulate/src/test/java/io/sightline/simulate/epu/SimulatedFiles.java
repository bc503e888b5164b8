package io.sightline.simulate.epu;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Reading back what a simulation wrote. */
final class SimulatedFiles {

    private SimulatedFiles() {}

    /** Every regular file under {@code root} by its {@code /}-separated relative path. */
    static Map<String, Path> all(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            Map<String, Path> byPath = new TreeMap<>();
            files.filter(Files::isRegularFile)
                    .forEach(f -> byPath.put(root.relativize(f).toString().replace('\\', '/'), f));
            return byPath;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long count(Path root, String regex) {
        return all(root).keySet().stream().filter(p -> p.matches(regex)).count();
    }

    /** Small options that still exercise every file kind, with two grids. */
    static EpuSimulation small() {
        return EpuSimulation.builder()
                .grids(2)
                .squares(12)
                .visitedSquares(3)
                .holesPerSquare(16)
                .acquiredHolesPerSquare(6)
                .micrographsPerHole(2)
                .atlasTiles(16)
                .build();
    }
}
