package io.sightline.pipeline.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MicrographResultsTest {
    @TempDir
    Path tmp;

    @Test
    void ctfResultsAreReadPerMicrographSkippingTheOpticsBlock() throws Exception {
        Path star = tmp.resolve("micrographs_ctf.star");
        Files.writeString(star, """

                # version 50001

                data_optics

                loop_
                _rlnOpticsGroupName #1
                _rlnMicrographPixelSize #2
                opticsGroup1 0.830000

                # version 50001

                data_micrographs

                loop_
                _rlnCtfImage #1
                _rlnMicrographName #2
                _rlnOpticsGroup #3
                _rlnDefocusU #4
                _rlnDefocusV #5
                _rlnCtfAstigmatism #6
                _rlnDefocusAngle #7
                _rlnCtfFigureOfMerit #8
                _rlnCtfMaxResolution #9
                External/job003/Movies/FoilHole_1_Data_2_3_20240101_120000.ctf:mrc MotionCorr/job002/Movies/FoilHole_1_Data_2_3_20240101_120000.mrc 1 10863.857422 10575.003906 288.853516 -26.3 0.131 4.2
                External/job003/Movies/b.ctf:mrc MotionCorr/job002/Movies/b.mrc 1 20000.0 19000.0 1000.0 12.0 None 6.5

                """);

        var results = MicrographResults.read(star);

        assertThat(results).hasSize(2);
        MicrographResult first = results.getFirst();
        assertThat(first.micrograph()).isEqualTo("FoilHole_1_Data_2_3_20240101_120000");
        assertThat(first.defocusU()).isEqualTo(10863.857422);
        assertThat(first.astigmatism()).isEqualTo(288.853516);
        assertThat(first.ctfMaxResolution()).isEqualTo(4.2);
        assertThat(first.totalMotion()).isNull();
        assertThat(first.ctfImage()).isEqualTo("External/job003/Movies/FoilHole_1_Data_2_3_20240101_120000.ctf:mrc");
        assertThat(results.get(1).figureOfMerit())
                .as("CryoBoost's None placeholder")
                .isNull();
    }

    @Test
    void aFileWithoutMicrographsGivesNothing() throws Exception {
        Path star = tmp.resolve("x.star");
        Files.writeString(star, "data_x\n\nloop_\n_rlnImageName #1\na.mrc\n");
        assertThat(MicrographResults.read(star)).isEmpty();
    }

    @Test
    void stemsDropFoldersOfEitherKindAndTheExtension() {
        assertThat(MicrographResults.stem("X:\\frames\\a.b.tiff")).isEqualTo("a.b");
        assertThat(MicrographResults.stem("a")).isEqualTo("a");
    }
}
