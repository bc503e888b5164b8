package io.sightline.core.epu.dir;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.core.epu.model.EpuSession;
import io.sightline.core.testing.Samples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EpuDirectoryReaderTest {

    @Test
    void readsTheSampleGridWithSquaresHolesAndPendingMicrographs() throws Exception {
        Path grid = Samples.dir().resolve(Samples.GRID);
        AtomicInteger lastDone = new AtomicInteger();
        AtomicInteger lastTotal = new AtomicInteger();

        EpuDirectory d = new EpuDirectoryReader().read(grid, (done, total) -> {
            lastDone.accumulateAndGet(done, Math::max);
            lastTotal.set(total);
        });

        assertThat(d.grids()).hasSize(1);
        GridModel g = d.grids().get(0);
        assertThat(g.session().id()).isEqualTo(9015527L);
        assertThat(g.squares()).containsOnlyKeys(8999138L, 8999186L);
        assertThat(g.squares().get(8999138L).manifest()).isNotNull();
        assertThat(g.foilHoles()).containsOnlyKeys(9015889L, 9028276L);
        assertThat(g.foilHoles().get(9015889L).manifestsSeen()).isEqualTo(2);
        assertThat(g.foilHoles().get(9015889L).manifest().uniqueId()).isEqualTo("630518e6-c77f-46bb-9750-26357a3d318a");
        assertThat(g.micrographs()).hasSize(4).containsKey("a57ec324-5326-43a3-8dc6-ee3424aa5814");
        assertThat(g.pending()).hasSize(4).allSatisfy(p -> {
            assertThat(p.kind()).isEqualTo("micrograph");
            assertThat(p.parentKind()).isEqualTo("foil-hole");
        });
        assertThat(g.pending()).extracting(Pending::parentId).containsOnly(9015883L, 9028219L);
        assertThat(g.atlas())
                .as("the referenced atlas is not part of the samples")
                .isNull();
        assertThat(d.allProblems()).isEmpty();
        assertThat(d.filesRead()).isEqualTo(11);
        assertThat(lastDone.get()).isEqualTo(11);
        assertThat(lastTotal.get()).isEqualTo(11);
    }

    @Test
    void aVisitFolderWithTwoGridsAndAnAtlasGivesTwoGridModelsEachWithItsAtlas(@TempDir Path visit) throws Exception {
        Path samples = Samples.dir();
        for (String name : new String[] {"gridA", "gridB"}) {
            copyTree(samples.resolve(Samples.GRID), visit.resolve(name));
        }
        // The session's reference minus its storage folder is atlas\Supervisor_...\Sample7\Atlas\Atlas.dm.
        Path atlas = visit.resolve("atlas/Supervisor_20250108_101551_cm40593-1_Atlas/Sample7/Atlas/Atlas.dm");
        Files.createDirectories(atlas.getParent());
        Files.copy(samples.resolve("Atlas.dm"), atlas);
        Path metadata = visit.resolve("gridA/Metadata");
        Files.createDirectories(metadata);
        Files.copy(samples.resolve("GridSquare_4590776.dm"), metadata.resolve("GridSquare_4590776.dm"));

        EpuDirectory d = new EpuDirectoryReader().read(visit);

        assertThat(d.grids()).hasSize(2);
        GridModel a = d.grids().get(0);
        assertThat(a.folder().getFileName().toString()).isEqualTo("gridA");
        assertThat(a.atlasFile()).isEqualTo(atlas.toAbsolutePath().normalize());
        assertThat(a.atlas().sessionId()).isEqualTo(3436163L);
        assertThat(a.squares()).containsKeys(8999138L, 8999186L, 4590776L, 4590306L);
        assertThat(a.squares().get(4590776L).metadata().targets()).hasSize(570);
        assertThat(a.foilHoles()).hasSize(570 + 2);
        assertThat(d.grids().get(1).atlas()).isNotNull();
        assertThat(d.grids().get(1).foilHoles()).hasSize(2);
        assertThat(d.unassigned()).isEmpty();
    }

    @Test
    void theAtlasIsFoundByItsTailWhenTheStorageFolderDoesNotMatch(@TempDir Path visit) throws Exception {
        Path atlas = visit.resolve("atlas/renamed/Sample7/Atlas/Atlas.dm");
        Files.createDirectories(atlas.getParent());
        Files.writeString(atlas, "");
        Path grid = visit.resolve("grid");
        Files.createDirectories(grid);
        EpuSession s =
                new EpuSession(1, "n", null, null, null, "Y:\\elsewhere\\atlas\\x\\Sample7\\Atlas\\Atlas.dm", "Z:\\v");

        assertThat(EpuDirectoryReader.findAtlas(grid, s, java.util.Set.of()))
                .contains(atlas.toAbsolutePath().normalize());
    }

    @Test
    void anAtlasOfAnotherSampleIsNotTaken(@TempDir Path visit) throws Exception {
        Path atlas = visit.resolve("atlas/x/Sample3/Atlas/Atlas.dm");
        Files.createDirectories(atlas.getParent());
        Files.writeString(atlas, "");
        EpuSession s = new EpuSession(1, "n", null, null, null, "Z:\\v\\atlas\\x\\Sample7\\Atlas\\Atlas.dm", "Z:\\v");

        assertThat(EpuDirectoryReader.findAtlas(visit.resolve("grid"), s, java.util.Set.of()))
                .isEmpty();
    }

    @Test
    void aBrokenFileBecomesAProblemOfItsGridAndTheRestIsStillRead(@TempDir Path visit) throws Exception {
        Path grid = visit.resolve("grid");
        copyTree(Samples.dir().resolve(Samples.GRID), grid);
        Path broken = grid.resolve(
                "Images-Disc1/GridSquare_8999138/Data/FoilHole_9015883_Data_9017354_6_20250108_154918.xml");
        byte[] bytes = Files.readAllBytes(broken);
        Files.write(broken, java.util.Arrays.copyOf(bytes, bytes.length / 2));

        EpuDirectory d = new EpuDirectoryReader().read(visit);

        GridModel g = d.grids().get(0);
        assertThat(g.problems()).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo(broken);
            assertThat(p.error().kind()).isEqualTo("incomplete");
        });
        assertThat(g.micrographs()).hasSize(3);
    }

    @Test
    void aFolderThatDoesNotExistThrows(@TempDir Path dir) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new EpuDirectoryReader().read(dir.resolve("nope")))
                .isInstanceOf(IOException.class);
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (var s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
    }
}
