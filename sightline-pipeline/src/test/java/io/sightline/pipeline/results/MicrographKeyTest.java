package io.sightline.pipeline.results;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MicrographKeyTest {
    private static final String KEY = "foilhole_1_data_2_3_20240101_120000";

    @Test
    void theManifestTheMovieAndRelionsOutputsOfOneMicrographShareItsKey() {
        assertThat(MicrographKey.of("Z:\\Images-Disc1\\GridSquare_7\\Data\\FoilHole_1_Data_2_3_20240101_120000.xml"))
                .isEqualTo(KEY);
        assertThat(MicrographKey.of("/mnt/z/Images-Disc1/GridSquare_7/Data/FoilHole_1_Data_2_3_20240101_120000.xml"))
                .isEqualTo(KEY);
        assertThat(MicrographKey.of("FoilHole_1_Data_2_3_20240101_120000_fractions.tiff"))
                .isEqualTo(KEY);
        assertThat(MicrographKey.of("FoilHole_1_Data_2_3_20240101_120000_EER.eer"))
                .isEqualTo(KEY);
        assertThat(MicrographKey.of("MotionCorr/job002/Movies/FoilHole_1_Data_2_3_20240101_120000_Fractions.mrc"))
                .isEqualTo(KEY);
        assertThat(MicrographKey.of("External/job003/Movies/FoilHole_1_Data_2_3_20240101_120000_fractions.ctf:mrc"))
                .isEqualTo(KEY);
    }

    @Test
    void otherMicrographsKeepDistinctKeys() {
        assertThat(MicrographKey.of("FoilHole_1_Data_2_4_20240101_120000.mrc"))
                .isNotEqualTo(MicrographKey.of("FoilHole_1_Data_2_3_20240101_120000.mrc"));
        assertThat(MicrographKey.of("_fractions.mrc")).isEqualTo("_fractions");
    }
}
