package io.sightline.core.epu.kind;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.core.epu.path.EpuFile;
import java.nio.file.Path;
import java.time.LocalDateTime;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EpuKindsClassifyTest {

    private final EpuKinds classifier = EpuKinds.standard();

    /** Writes a POSIX path with the separator under test. */
    private static String p(String sep, String posix) {
        return posix.replace("/", sep);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "\\"})
    void recognisesTheSessionAndTheAtlas(String sep) {
        assertThat(classifier.classify(p(sep, "Z:/visit/grid/EpuSession.dm")))
                .containsInstanceOf(EpuFile.Session.class);
        assertThat(classifier.classify(p(sep, "Z:/visit/atlas/Sup_x/Sample7/Atlas/Atlas.dm")))
                .containsInstanceOf(EpuFile.AtlasSession.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "\\"})
    void takesTheSquareIdOfMetadataFromTheFileName(String sep) {
        assertThat(classifier.classify(p(sep, "/data/grid/Metadata/GridSquare_4590776.dm")))
                .contains(new EpuFile.GridSquareMetadataFile(
                        p(sep, "/data/grid/Metadata/GridSquare_4590776.dm"), 4590776));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "\\"})
    void takesTheSquareIdOfAGridSquareManifestFromItsFolder(String sep) {
        String path = p(sep, "Z:/grid/Images-Disc1/GridSquare_8999138/GridSquare_20250108_151151.xml");
        assertThat(classifier.classify(path))
                .contains(
                        new EpuFile.GridSquareManifestFile(path, 1, 8999138, LocalDateTime.of(2025, 1, 8, 15, 11, 51)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "\\"})
    void readsHoleAndSquareIdsOfAFoilHoleManifest(String sep) {
        String path = p(sep, "g/Images-Disc1/GridSquare_8999138/FoilHoles/FoilHole_9015889_20250108_154725.xml");
        assertThat(classifier.classify(path))
                .contains(new EpuFile.FoilHoleManifestFile(
                        path, 8999138, 9015889, LocalDateTime.of(2025, 1, 8, 15, 47, 25)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "\\"})
    void readsHoleLocationIndexAndSquareOfAMicrographManifest(String sep) {
        String path =
                p(sep, "g/Images-Disc1/GridSquare_8999186/Data/FoilHole_9028219_Data_9017347_50_20250109_062621.xml");
        assertThat(classifier.classify(path))
                .contains(new EpuFile.MicrographManifestFile(
                        path, 8999186, 9028219, 9017347, 50, LocalDateTime.of(2025, 1, 9, 6, 26, 21)));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "g/Images-Disc1/GridSquare_1/GridSquare_20250108_151151.jpg",
                "g/Images-Disc1/GridSquare_1/Data/FoilHole_2_Data_3_4_20250108_151151_Fractions.xml",
                "g/Images-Disc1/GridSquare_1/Data/FoilHole_2_Data_3_4_20250108_151151.mrc",
                "g/Images-Disc1/GridSquare_x/FoilHoles/FoilHole_2_20250108_151151.xml",
                "g/Images-Disc1/GridSquare_1/FoilHoles/FoilHole_2_20251308_151151.xml",
                "g/Images-Disc0/GridSquare_1/GridSquare_20250108_151151.xml",
                "g/Other/GridSquare_1/GridSquare_20250108_151151.xml",
                "g/Metadata/GridSquare_.dm",
                "g/Metadata/GridSquare_12a.dm",
                "g/Atlas.dm",
                "Atlas.dm",
                "GridSquare_4590776.dm",
                "g/Sample.dm",
                "g/Metadata/GridSquare_1234567890123456789012.dm",
                "",
                "/",
                "\\\\"
            })
    void recognisesNothingElse(String path) {
        assertThat(classifier.classify(path)).isEmpty();
        assertThat(classifier.classify(path.replace('/', '\\'))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"EpuSession.dm"})
    void acceptsNioPaths(String name) {
        assertThat(classifier.classify(Path.of("visit", "grid", name))).containsInstanceOf(EpuFile.Session.class);
    }
}
