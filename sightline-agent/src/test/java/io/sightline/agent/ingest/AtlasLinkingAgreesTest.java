package io.sightline.agent.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sightline.core.epu.dir.EpuDirectory;
import io.sightline.core.epu.dir.EpuDirectoryReader;
import io.sightline.core.epu.dir.GridModel;
import io.sightline.core.epu.kind.EpuKinds;
import io.sightline.core.epu.path.EpuFile;
import io.sightline.simulate.epu.EpuSimulation;
import io.sightline.simulate.epu.EpuSimulator;
import io.sightline.simulate.epu.SimulatedSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code parse dir} and the agent link each grid to the same atlas: on the real samples, on a simulated
 * session, and in the cases where their two rules differed before they became one ({@code AtlasLink}).
 * The agent meets the files one by one, in path order and in reverse (an atlas before the session that
 * names it waits, as in the pipeline), and must end where the directory reader, which sees them all, does.
 */
class AtlasLinkingAgreesTest {

    private static final String ATLAS_SESSION = "Supervisor_20250108_101551_cm40593-1_Atlas";
    private static final String STORAGE = "<Path z:Id=\"792\">Z:\\DoseFractions\\cm40593-1</Path>";

    @TempDir
    Path visit;

    @Test
    void realSamplesWithTheAtlasWhereTheSessionSaysLinkAlike() throws IOException {
        realGrids("gridA", "gridB");
        Path atlas = atlas("atlas/" + ATLAS_SESSION);

        assertThat(sameLinks().values()).containsOnly(atlas);
    }

    @Test
    void aSimulatedSessionLinksAlikeAndAsSimulated() throws IOException {
        SimulatedSession truth = EpuSimulator.write(
                visit,
                EpuSimulation.builder()
                        .grids(2)
                        .squares(6)
                        .visitedSquares(1)
                        .holesPerSquare(4)
                        .acquiredHolesPerSquare(2)
                        .micrographsPerHole(1)
                        .atlasTiles(4)
                        .build());

        Map<Path, Path> links = sameLinks();
        for (SimulatedSession.Grid g : truth.grids()) {
            assertThat(links.get(norm(visit.resolve(g.folder())))).isEqualTo(norm(visit.resolve(g.atlasPath())));
        }
    }

    /** Before: parse dir fell back to the reference's tail, the agent only took the exact place and never linked. */
    @Test
    void anAtlasFolderRenamedInTheVisitIsLinkedByItsTail() throws IOException {
        realGrids("grid");
        Path atlas = atlas("atlas/renamed-by-hand");

        assertThat(sameLinks().values()).containsOnly(atlas);
    }

    /** Before: parse dir compared ignoring case, the agent compared paths exactly and never linked. */
    @Test
    void anAtlasFolderSpelledInAnotherCaseIsLinked() throws IOException {
        realGrids("grid");
        Path atlas = atlas("ATLAS/" + ATLAS_SESSION.toUpperCase(java.util.Locale.ROOT));

        assertThat(sameLinks().values()).containsOnly(atlas);
    }

    /**
     * Before: with a storage folder that does not prefix the reference the agent linked every atlas whose
     * last three segments matched (the last one applied won); parse dir took the longest match.
     */
    @Test
    void ofTwoAtlasesOfTheSameSampleTheLongerMatchWinsWhateverTheOrder() throws IOException {
        realGrids("grid");
        rewriteSession("grid", STORAGE, "<Path z:Id=\"792\">Y:\\Elsewhere</Path>");
        Path right = atlas("atlas/" + ATLAS_SESSION);
        atlas("atlas/Supervisor_20250101_000000_other_Atlas");
        atlas("zz-copied/Supervisor_20250101_000000_other_Atlas");

        assertThat(sameLinks().values()).containsOnly(right);
    }

    /** Before: an empty storage folder made the agent look under the visit for "Z:/DoseFractions/..."; never linked. */
    @Test
    void anEmptyStorageFolderFallsBackToTheTail() throws IOException {
        realGrids("grid");
        rewriteSession("grid", STORAGE, "<Path z:Id=\"792\"></Path>");
        Path atlas = atlas("atlas/" + ATLAS_SESSION);

        assertThat(sameLinks().values()).containsOnly(atlas);
    }

    @Test
    void anAtlasOfAnotherSampleIsLinkedByNeither() throws IOException {
        realGrids("grid");
        Path other = visit.resolve("atlas/" + ATLAS_SESSION + "/Sample3/Atlas/Atlas.dm");
        Files.createDirectories(other.getParent());
        Files.copy(samples().resolve("Atlas.dm"), other);

        assertThat(new EpuDirectoryReader().read(visit).grids().get(0).atlasFile())
                .isNull();
        assertThat(agentLinks(Comparator.naturalOrder())).isEmpty();
        assertThat(agentLinks(Comparator.reverseOrder())).isEmpty();
    }

    // ---- the two consumers ----

    /** The atlas of each grid by grid folder, asserted equal from parse dir and from the agent in two orders. */
    private Map<Path, Path> sameLinks() throws IOException {
        EpuDirectory dir = new EpuDirectoryReader().read(visit);
        Map<Path, Path> parsed = new TreeMap<>();
        for (GridModel g : dir.grids()) {
            assertThat(g.atlasFile()).as("parse dir links %s", g.folder()).isNotNull();
            parsed.put(g.folder(), g.atlasFile());
        }
        assertThat(agentLinks(Comparator.naturalOrder()))
                .as("agent, path order")
                .isEqualTo(parsed);
        assertThat(agentLinks(Comparator.reverseOrder()))
                .as("agent, reverse order")
                .isEqualTo(parsed);
        return parsed;
    }

    /** Feeds every recognised file to a reconciler in {@code order}; waiting files retry after each applied one. */
    private Map<Path, Path> agentLinks(Comparator<Path> order) throws IOException {
        EpuKinds kinds = EpuKinds.standard();
        Reconciler reconciler = new Reconciler(visit, "agent-1");
        reconciler.start();
        List<Path> files;
        try (Stream<Path> s = Files.walk(visit)) {
            files = s.filter(Files::isRegularFile)
                    .map(AtlasLinkingAgreesTest::norm)
                    .sorted(order)
                    .toList();
        }
        List<Path> sessions = new ArrayList<>();
        List<Path> waiting = new ArrayList<>();
        for (Path f : files) {
            Optional<EpuFile> file = kinds.classify(f);
            if (file.isEmpty()) {
                continue;
            }
            if (kinds.kindOf(file.get()) == EpuKinds.SESSION) {
                sessions.add(f.getParent());
            }
            if (apply(kinds, reconciler, f)) {
                waiting.removeIf(w -> apply(kinds, reconciler, w));
            } else {
                waiting.add(f);
            }
        }
        Map<Path, Path> out = new TreeMap<>();
        for (Path grid : sessions) {
            reconciler.atlasOf(grid).ifPresent(a -> out.put(grid, a));
        }
        return out;
    }

    private static boolean apply(EpuKinds kinds, Reconciler reconciler, Path f) {
        EpuFile file = kinds.classify(f).orElseThrow();
        try {
            return reconciler.apply(file, kinds.read(file), f) instanceof Reconciler.Result.Applied;
        } catch (io.sightline.core.epu.read.EpuReadException e) {
            throw new AssertionError(e);
        }
    }

    // ---- visits ----

    private static Path samples() {
        String p = System.getProperty("sightline.samples");
        assumeTrue(p != null && Files.isDirectory(Path.of(p)), "real EPU samples not found; skipping");
        return Path.of(p);
    }

    private void realGrids(String... names) throws IOException {
        Path grid = samples().resolve("grid-2025");
        for (String name : names) {
            try (Stream<Path> s = Files.walk(grid)) {
                for (Path p : s.toList()) {
                    Path t = visit.resolve(name).resolve(grid.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(t);
                    } else {
                        Files.copy(p, t);
                    }
                }
            }
        }
    }

    /** Puts the sample atlas at {@code <folder>/Sample7/Atlas/Atlas.dm} under the visit. */
    private Path atlas(String folder) throws IOException {
        Path atlas = visit.resolve(folder).resolve("Sample7/Atlas/Atlas.dm");
        Files.createDirectories(atlas.getParent());
        Files.copy(samples().resolve("Atlas.dm"), atlas);
        return norm(atlas);
    }

    private void rewriteSession(String grid, String from, String to) throws IOException {
        Path session = visit.resolve(grid).resolve("EpuSession.dm");
        String text = Files.readString(session, StandardCharsets.UTF_8);
        assertThat(text).contains(from);
        Files.writeString(session, text.replace(from, to), StandardCharsets.UTF_8);
    }

    private static Path norm(Path p) {
        return p.toAbsolutePath().normalize();
    }
}
