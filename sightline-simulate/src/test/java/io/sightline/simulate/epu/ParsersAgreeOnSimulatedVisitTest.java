package io.sightline.simulate.epu;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.core.epu.kind.EpuKinds;
import io.sightline.core.epu.path.EpuFile;
import io.sightline.core.epu.read.EpuXml;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The purpose-made scanner and Aalto read every file of a simulated visit into equal records. */
class ParsersAgreeOnSimulatedVisitTest {

    @TempDir
    Path temp;

    @Test
    void everySimulatedFileReadsTheSameWithTheScannerAndWithAalto() throws Exception {
        EpuSimulator.write(temp, SimulatedFiles.small(), SimulationListener.NONE);
        EpuKinds scanner = EpuKinds.standard(EpuXml.sightline());
        EpuKinds aalto = EpuKinds.standard(EpuXml.aalto());
        EpuKinds classifier = scanner;
        int read = 0;
        for (Map.Entry<String, Path> file : SimulatedFiles.all(temp).entrySet()) {
            Optional<EpuFile> kind = classifier.classify(file.getValue());
            if (kind.isPresent()) {
                assertThat(scanner.read(kind.get())).as(file.getKey()).isEqualTo(aalto.read(kind.get()));
                read++;
            }
        }
        assertThat(read).isGreaterThan(20);
    }
}
