package io.sightline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sightline.cli.support.ExitCode;
import io.sightline.core.image.Layout;
import io.sightline.core.image.PixelType;
import io.sightline.core.image.mrc.MrcWriter;
import io.sightline.core.testing.Samples;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParseImageCommandTest {

    @TempDir
    Path tmp;

    @Test
    void parseImageSummarisesAnMrcVolume() throws IOException {
        Path volume = volume("tomogram.mrc", 40, 30, 12, 1.06);

        CommandRun run = CommandRun.of("parse", "image", volume.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(run.out())
                .contains("format:     mrc")
                .contains("shape:      12 × 30 × 40  (volume)")
                .contains("dtype:      float32")
                .contains("pages:      12")
                .contains("pixel size: 1.060 Å × 1.060 Å × 1.060 Å")
                .contains("mode=2")
                .contains("cellA=[42.4,31.8,12.72]");
    }

    @Test
    void parseImageWithJsonGivesShapeAndDtypeAsNumpyWould() throws IOException {
        Path volume = volume("v.mrc", 40, 30, 12, 2.0);

        CommandRun run = CommandRun.of("parse", "image", volume.toString(), "--json");

        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.get("file").asText()).isEqualTo(volume.toString());
        assertThat(json.get("shape").toString()).isEqualTo("[12,30,40]");
        assertThat(json.get("dtype").asText()).isEqualTo("float32");
        assertThat(json.get("layout").asText()).isEqualTo("volume");
        assertThat(json.get("pixelSpacing").get("x").asDouble()).isEqualTo(2e-10);
        assertThat(json.get("details").get("mode").asInt()).isEqualTo(2);
    }

    @Test
    void parseImageReadsTheRealEpuJpeg() {
        Path jpg = Samples.file(Samples.SQUARE_8999138 + "/GridSquare_20250108_151151.jpg");

        CommandRun run = CommandRun.of("parse", "image", jpg.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(run.out())
                .contains("format:     jpeg")
                .contains("shape:      364 × 512  (image)")
                .contains("dtype:      uint8");
    }

    @Test
    void aFileShorterThanItsHeaderFailsWithOneLineNamingFileAndField() throws IOException {
        Path cut = volume("cut.mrc", 40, 30, 12, 1.0);
        try (RandomAccessFile f = new RandomAccessFile(cut.toFile(), "rw")) {
            f.setLength(5000);
        }

        CommandRun run = CommandRun.of("parse", "image", cut.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(run.err().strip().lines()).hasSize(1);
        assertThat(run.err()).contains("truncated").contains(cut.toString()).contains("nx × ny × nz");
        assertThat(run.out()).isEmpty();
    }

    private Path volume(String name, int w, int h, int d, double pixelSize) throws IOException {
        Path file = tmp.resolve(name);
        MrcWriter.write(
                file,
                new MrcWriter.Spec(w, h, d, PixelType.FLOAT32, Layout.VOLUME, pixelSize, ByteOrder.LITTLE_ENDIAN),
                z -> new float[w * h]);
        return file;
    }
}
