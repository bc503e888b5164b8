package io.sightline.core.epu.kind;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.core.epu.model.EpuSession;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reverse of a grid's atlas: which grids take an atlas file (what an atlas image names as its grid). */
class AtlasLinksGridsTakingTest {
    private static final Path VISIT = Path.of("/data/cm40593-1").toAbsolutePath();
    private static final String STORAGE = "Z:\\DoseFractions\\cm40593-1";

    private static AtlasLink link(String grid, String sample) {
        String reference = STORAGE + "\\atlas\\Sup_A_Atlas\\" + sample + "\\Atlas\\Atlas.dm";
        return AtlasLink.of(VISIT.resolve(grid), new EpuSession(1, "n", null, null, null, reference, STORAGE))
                .orElseThrow();
    }

    private static Path atlas(String sample) {
        return VISIT.resolve("atlas/Sup_A_Atlas/" + sample + "/Atlas/Atlas.dm");
    }

    @Test
    void theGridsWhoseSessionsLinkAnAtlasTakeItInTheOrderMetAndNoOtherDoes() {
        AtlasLinks links = new AtlasLinks();
        List<Path> seen = List.of(atlas("Sample7"), atlas("Sample3"));
        assertThat(links.gridsTaking(atlas("Sample7"), seen))
                .as("no session read yet")
                .isEmpty();

        links.grid("grid-b", link("grid2", "Sample7"));
        links.grid("grid-a", link("grid1", "Sample7")); // two grids of a cassette share an atlas
        links.grid("grid-c", link("grid3", "Sample3"));
        links.grid("grid-none", null); // a session naming no atlas

        assertThat(links.gridsTaking(atlas("Sample7"), seen)).containsExactly("grid-b", "grid-a");
        assertThat(links.gridsTaking(atlas("Sample3"), seen)).containsExactly("grid-c");
        // the same file named another way (not normalised) is the same atlas
        assertThat(links.gridsTaking(atlas("Sample3").resolve("../Atlas.dm"), seen))
                .containsExactly("grid-c");
        assertThat(links.gridsTaking(atlas("Sample9"), seen)).isEmpty();
    }
}
