package io.sightline.core.epu.kind;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Grid folders are found by the names of EPU's folders, so a file in an unexpected place is in no grid. */
class GridFolderTest {

    private final EpuKinds kinds = EpuKinds.standard();
    private final Path visit = Path.of("/data/visit").toAbsolutePath();

    private Path gridOf(String relative) {
        return kinds.gridFolder(kinds.classify(visit.resolve(relative)).orElseThrow());
    }

    @Test
    void everyKindOfAGridFindsTheSessionFolder() {
        Path grid = visit.resolve("grid1");
        assertThat(gridOf("grid1/EpuSession.dm")).isEqualTo(grid);
        assertThat(gridOf("grid1/Metadata/GridSquare_5.dm")).isEqualTo(grid);
        assertThat(gridOf("grid1/Images-Disc2/GridSquare_5/GridSquare_20250108_151151.xml"))
                .isEqualTo(grid);
        assertThat(gridOf("grid1/Images-Disc1/GridSquare_5/FoilHoles/FoilHole_7_20250108_154725.xml"))
                .isEqualTo(grid);
        assertThat(gridOf("grid1/Images-Disc1/GridSquare_5/Data/FoilHole_7_Data_8_9_20250108_154725.xml"))
                .isEqualTo(grid);
    }

    @Test
    void anAtlasAndAHoleOutsideAnImagesDiscBelongToNoGrid() {
        assertThat(gridOf("atlas/Sup/Sample7/Atlas/Atlas.dm")).isNull();
        assertThat(gridOf("grid1/GridSquare_5/FoilHoles/FoilHole_7_20250108_154725.xml"))
                .isNull();
    }

    @Test
    void aGridNestedDeeperIsFoundByNameNotByDepth() {
        assertThat(gridOf("a/b/grid1/Images-Disc1/GridSquare_5/Data/FoilHole_7_Data_8_9_20250108_154725.xml"))
                .isEqualTo(visit.resolve("a/b/grid1"));
    }
}
