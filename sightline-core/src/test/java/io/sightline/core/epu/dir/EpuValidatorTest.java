package io.sightline.core.epu.dir;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.core.testing.Samples;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EpuValidatorTest {

    @Test
    void theSampleGridIsInvalidOnlyBecauseItHasNoMetadataFolder() {
        Path grid = Samples.dir().resolve(Samples.GRID);

        ValidationReport r = new EpuValidator().validate(grid);

        assertThat(r.valid()).isFalse();
        assertThat(r.issues()).singleElement().satisfies(i -> {
            assertThat(i.category()).isEqualTo(ValidationReport.Category.STRUCTURE);
            assertThat(i.kind()).isEqualTo("missing-metadata");
            assertThat(i.path()).isEqualTo(grid.toAbsolutePath().normalize());
            assertThat(i.message()).contains("Metadata/ folder missing");
        });
    }

    @Test
    void theSampleGridWithAMetadataFolderIsValid(@TempDir Path dir) throws Exception {
        Path grid = dir.resolve("grid");
        EpuDirectoryReaderTest.copyTree(Samples.dir().resolve(Samples.GRID), grid);
        Files.createDirectories(grid.resolve("Metadata"));

        assertThat(new EpuValidator().validate(grid).issues()).isEmpty();
    }

    @Test
    void reportsEveryProblemNotJustTheFirst(@TempDir Path dir) throws Exception {
        Path grid = dir.resolve("grid");
        Files.createDirectories(grid.resolve("Images-Disc0"));
        Files.writeString(grid.resolve("EpuSession.dm"), "garbage");
        Path meta = grid.resolve("Metadata");
        Files.createDirectories(meta);
        Files.writeString(meta.resolve("GridSquare_1.dm"), "<GridSquareXml");

        ValidationReport r = new EpuValidator().validate(grid);

        assertThat(r.issues())
                .extracting(ValidationReport.Issue::kind)
                .containsExactlyInAnyOrder("missing-images-disc", "malformed", "incomplete");
    }

    @Test
    void aFolderWithoutSessionSaysSo(@TempDir Path dir) {
        assertThat(new EpuValidator().validate(dir).issues())
                .extracting(ValidationReport.Issue::kind)
                .containsExactly("missing-session");
    }
}
