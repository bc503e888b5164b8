package io.sightline.simulate.epu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLStreamException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartialWriteTest {

    @TempDir
    Path out;

    @Test
    void aWatcherBetweenPiecesSeesTruncatedXmlThatLaterCompletes() throws IOException {
        EpuSimulation options = EpuSimulation.builder()
                .squares(3)
                .visitedSquares(1)
                .holesPerSquare(4)
                .acquiredHolesPerSquare(2)
                .micrographsPerHole(1)
                .atlasTiles(4)
                .partialWrites(true)
                .build();
        List<String> truncatedXml = new ArrayList<>();
        Map<Path, Integer> piecesSeen = new HashMap<>();
        SimulationListener watcher = new SimulationListener() {
            @Override
            public void pieceWritten(Path file, int piece, int pieces, long bytesWritten, long totalBytes) {
                try {
                    byte[] seen = Files.readAllBytes(file);
                    assertThat((long) seen.length)
                            .as(file + " after piece " + piece)
                            .isEqualTo(bytesWritten)
                            .isLessThan(totalBytes);
                    assertThat(pieces).isEqualTo(EpuSimulation.PARTIAL_WRITE_PIECES);
                    piecesSeen.merge(file, 1, Integer::sum);
                    String name = file.getFileName().toString();
                    if (name.endsWith(".xml") || name.endsWith(".dm")) {
                        assertThatThrownBy(() -> XmlScan.of(new java.io.ByteArrayInputStream(seen)))
                                .isInstanceOf(XMLStreamException.class);
                        truncatedXml.add(name);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public void fileWritten(Path file, PlannedWrite.Kind kind, int index, int totalWrites, long bytes) {
                assertThat(piecesSeen.get(file))
                        .as(file.toString())
                        .isGreaterThanOrEqualTo(EpuSimulation.PARTIAL_WRITE_PIECES - 1);
                try {
                    assertThat(Files.size(file)).isEqualTo(bytes);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
        SimulatedSession truth = EpuSimulator.write(out, options, watcher);
        assertThat(truncatedXml).anyMatch(n -> n.endsWith(".dm")).anyMatch(n -> n.startsWith("FoilHole_"));
        for (Path file : SimulatedFiles.all(out).values()) {
            if (!file.toString().endsWith(".jpg") && !file.toString().endsWith(".mrc")) { // images, not XML
                assertThat(catchParse(file)).as(file.toString()).isNull();
            }
        }
        assertThat(SimulatedFiles.all(out)).hasSize(truth.files());
    }

    private static Exception catchParse(Path file) {
        try {
            XmlScan.of(file);
            return null;
        } catch (Exception e) {
            return e;
        }
    }

    @Test
    void rateSpacesTheWritesOut() throws IOException {
        EpuSimulation options = EpuSimulation.builder()
                .squares(2)
                .visitedSquares(1)
                .holesPerSquare(2)
                .acquiredHolesPerSquare(1)
                .micrographsPerHole(1)
                .atlasTiles(1)
                .rate(200)
                .build();
        int writes = EpuSimulator.plan(options).writes().size();
        long start = System.nanoTime();
        EpuSimulator.write(out, options, SimulationListener.NONE);
        double seconds = (System.nanoTime() - start) / 1e9;
        // A lower bound only: the writer must not go faster than the rate; it may be slower on a busy machine.
        assertThat(seconds).isGreaterThanOrEqualTo((writes - 1) / 200.0);
    }
}
