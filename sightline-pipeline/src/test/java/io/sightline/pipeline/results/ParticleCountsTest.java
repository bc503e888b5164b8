package io.sightline.pipeline.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParticleCountsTest {
    @TempDir
    Path tmp;

    private static String coordinates(int rows) {
        StringBuilder s = new StringBuilder("\ndata_\n\nloop_\n_rlnCoordinateX #1\n_rlnCoordinateY #2\n");
        for (int i = 0; i < rows; i++) {
            s.append(10 * i).append(' ').append(20 * i).append('\n');
        }
        return s.toString();
    }

    @Test
    void aCoordinateFileListCountsTheRowsOfEachMicrographsFileAndAMissingFileAsNone() throws Exception {
        Files.createDirectories(tmp.resolve("External/job004/Movies"));
        Files.writeString(tmp.resolve("External/job004/Movies/a_autopick.star"), coordinates(3));
        Files.writeString(tmp.resolve("External/job004/Movies/b_autopick.star"), coordinates(0));
        Path star = tmp.resolve("External/job004/autopick.star");
        Files.writeString(star, """
                data_coordinate_files

                loop_
                _rlnMicrographName #1
                _rlnMicrographCoordinates #2
                MotionCorr/job002/Movies/a_fractions.mrc External/job004/Movies/a_autopick.star
                MotionCorr/job002/Movies/b_fractions.mrc External/job004/Movies/b_autopick.star
                MotionCorr/job002/Movies/c_fractions.mrc External/job004/Movies/c_autopick.star
                """);

        assertThat(ParticleCounts.read(star, tmp))
                .extracting(ParticleCount::micrograph, ParticleCount::particles)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("a", 3L),
                        org.assertj.core.groups.Tuple.tuple("b", 0L),
                        org.assertj.core.groups.Tuple.tuple("c", 0L));
    }

    @Test
    void aParticleTableIsCountedByMicrograph() throws Exception {
        Path star = tmp.resolve("particles.star");
        Files.writeString(star, """
                data_optics

                loop_
                _rlnOpticsGroupName #1
                opticsGroup1

                data_particles

                loop_
                _rlnCoordinateX #1
                _rlnCoordinateY #2
                _rlnMicrographName #3
                1 2 Movies/a.mrc
                3 4 Movies/b.mrc
                5 6 Movies/a.mrc
                """);

        assertThat(ParticleCounts.read(star, tmp))
                .extracting(ParticleCount::micrograph, ParticleCount::particles)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("a", 2L), org.assertj.core.groups.Tuple.tuple("b", 1L));
    }
}
