package io.sightline.core.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.core.image.formats.ImageFormats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TiffPredictorTest {

    @TempDir
    Path dir;

    @Test
    void horizontalDifferencingIsUndoneOnUncompressedStripsToo() throws Exception {
        // stored bytes are differences; each pixel is the running sum of its row (mod 256)
        Path file = Files.write(dir.resolve("predicted.tif"), TinyFiles.tiff(5, 4, Map.of(317, 2L), 1, 0));

        try (ImageReader reader = ImageFormats.standard().open(file)) {
            Plane plane = reader.read(PlaneRequest.full(0));
            for (int y = 0; y < 4; y++) {
                int sum = 0;
                for (int x = 0; x < 5; x++) {
                    sum = (sum + y * 5 + x) & 0xFF;
                    assertThat(plane.at(x, y)).as("(%d, %d)", x, y).isEqualTo(sum);
                }
            }
        }
    }
}
