package io.sightline.core.epu.kind;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.core.epu.model.EpuSession;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one atlas-linking rule, as pure functions of paths (no files). */
class AtlasLinkTest {

    private static final Path VISIT = Path.of("/data/cm40593-1").toAbsolutePath();
    private static final Path GRID = VISIT.resolve("grid1");
    private static final String REF = "Z:\\DoseFractions\\cm40593-1\\atlas\\Sup_A_Atlas\\Sample7\\Atlas\\Atlas.dm";

    private static EpuSession session(String atlasReference, String storage) {
        return new EpuSession(1, "n", null, null, null, atlasReference, storage);
    }

    private static AtlasLink link(String storage) {
        return AtlasLink.of(GRID, session(REF, storage)).orElseThrow();
    }

    private static Path atlas(String relative) {
        return VISIT.resolve(relative).normalize();
    }

    @Test
    void theReferenceMinusTheStorageFolderResolvesUnderTheVisitIgnoringTheStorageFolderCase() {
        assertThat(link("z:\\dosefractions\\CM40593-1").expected())
                .isEqualTo(atlas("atlas/Sup_A_Atlas/Sample7/Atlas/Atlas.dm"));
    }

    @Test
    void noExpectedPlaceWhenTheStorageFolderIsEmptyForeignOrTheWholeReference() {
        assertThat(link("").expected()).isNull();
        assertThat(link("Y:\\Elsewhere").expected()).isNull();
        assertThat(link(REF).expected()).isNull();
        assertThat(link(null).expected()).isNull();
    }

    @Test
    void aSessionWithoutAnAtlasReferenceHasNoLink() {
        assertThat(AtlasLink.of(GRID, session(null, "Z:\\x"))).isEmpty();
        assertThat(AtlasLink.of(GRID, session("  ", "Z:\\x"))).isEmpty();
        assertThat(AtlasLink.of(GRID, session("\\\\", "Z:\\x"))).isEmpty();
    }

    @Test
    void theExpectedPlaceScoresHighestThenTheLongerTailAndFewerThanThreeSegmentsDoNotLink() {
        AtlasLink l = link("Z:\\DoseFractions\\cm40593-1");
        Path exact = atlas("atlas/Sup_A_Atlas/Sample7/Atlas/Atlas.dm");
        Path movedSession = atlas("copied/Sup_A_Atlas/Sample7/Atlas/Atlas.dm");
        Path otherSession = atlas("atlas/Sup_B_Atlas/Sample7/Atlas/Atlas.dm");
        Path otherSample = atlas("atlas/Sup_A_Atlas/Sample3/Atlas/Atlas.dm");

        assertThat(l.score(exact)).isEqualTo(Integer.MAX_VALUE);
        assertThat(l.score(movedSession)).isEqualTo(4);
        assertThat(l.score(otherSession)).isEqualTo(3);
        assertThat(l.score(otherSample)).isZero();
        assertThat(l.links(otherSample)).isFalse();
        assertThat(l.best(List.of(otherSession, movedSession, otherSample, exact)))
                .contains(exact);
        assertThat(l.best(List.of(otherSession, movedSession))).contains(movedSession);
        assertThat(l.best(List.of(otherSample))).isEmpty();
    }

    @Test
    void tailsCompareIgnoringCaseAndEqualScoresGoToTheFirstPathInOrder() {
        AtlasLink l = link("Y:\\Elsewhere");
        Path upper = atlas("ATLAS/SUP_A_ATLAS/SAMPLE7/ATLAS/ATLAS.DM");
        Path b = atlas("b/Sup_A_Atlas/Sample7/Atlas/Atlas.dm");
        Path a = atlas("a/Sup_A_Atlas/Sample7/Atlas/Atlas.dm");

        assertThat(l.score(upper)).as("the visit folder matches too").isEqualTo(6);
        assertThat(l.prefers(a, b)).isTrue();
        assertThat(l.prefers(b, a)).isFalse();
        assertThat(l.best(List.of(b, a))).contains(a);
    }

    @Test
    void gridsMetOneByOneTakeTheAtlasTheirLinkPrefersWhicheverComesFirst() {
        AtlasLinks links = new AtlasLinks();
        Path worse = atlas("atlas/Sup_B_Atlas/Sample7/Atlas/Atlas.dm");
        Path better = atlas("atlas/Sup_A_Atlas/Sample7/Atlas/Atlas.dm");

        assertThat(links.offer(better, null)).as("no grid yet: wait").isEmpty();
        assertThat(links.grid("g1", link("Y:\\Elsewhere")))
                .hasValueSatisfying(t -> assertThat(t.file()).isEqualTo(better));
        assertThat(links.offer(worse, null))
                .as("links, but g1 has a better one")
                .contains(List.of());
        assertThat(links.offer(better, null)).as("read again: taken again").contains(List.of("g1"));
        assertThat(links.grid("g2", link("Y:\\Elsewhere")))
                .as("a later grid gets it too")
                .isPresent();
        assertThat(links.atlasOf("g2")).contains(better);
        assertThat(links.grid("g3", null)).isEmpty();
    }
}
