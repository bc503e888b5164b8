package io.sightline.simulate.epu;

import static io.sightline.simulate.epu.XmlScan.ARRAYS;
import static io.sightline.simulate.epu.XmlScan.ATLAS;
import static io.sightline.simulate.epu.XmlScan.COMMON;
import static io.sightline.simulate.epu.XmlScan.EPU;
import static io.sightline.simulate.epu.XmlScan.GENERIC;
import static io.sightline.simulate.epu.XmlScan.SERIALIZATION;
import static io.sightline.simulate.epu.XmlScan.SHARED;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EpuSimulatorTest {

    private static final String TIME_7 = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{7}(Z|\\+00:00)";

    @TempDir
    static Path out;

    static SimulatedSession truth;
    static Map<String, Path> files;

    @BeforeAll
    static void simulate() throws IOException {
        truth = EpuSimulator.write(out, SimulatedFiles.small(), SimulationListener.NONE);
        files = SimulatedFiles.all(out);
    }

    @Test
    void countsInTheTruthEqualTheFilesOnDisk() {
        assertThat(files).hasSize(truth.files());
        assertThat(SimulatedFiles.count(
                        out, ".*/Images-Disc1/GridSquare_\\d+/Data/FoilHole_\\d+_Data_\\d+_\\d+_\\d{8}_\\d{6}\\.xml"))
                .isEqualTo(truth.micrographCount())
                .isEqualTo(2 * 3 * 6 * 2);
        assertThat(SimulatedFiles.count(
                        out, ".*/Images-Disc1/GridSquare_\\d+/FoilHoles/FoilHole_\\d+_\\d{8}_\\d{6}\\.xml"))
                .isEqualTo(truth.foilHoleManifestCount());
        assertThat(SimulatedFiles.count(out, ".*/Metadata/GridSquare_\\d+\\.dm"))
                .isEqualTo(truth.gridSquareCount())
                .isEqualTo(24);
        assertThat(SimulatedFiles.count(out, ".*/Images-Disc1/GridSquare_\\d+/GridSquare_\\d{8}_\\d{6}\\.xml"))
                .isEqualTo(6);
        assertThat(SimulatedFiles.count(out, "[^/]+/EpuSession\\.dm")).isEqualTo(2);
        assertThat(SimulatedFiles.count(out, "atlas/[^/]+/Sample\\d/Atlas/Atlas\\.dm"))
                .isEqualTo(2);
        assertThat(SimulatedFiles.count(out, "atlas/[^/]+/Sample\\d/Atlas/Tile_\\d+_\\d+_\\d+\\.xml"))
                .isEqualTo(32);
        for (String xml :
                files.keySet().stream().filter(p -> p.endsWith(".xml")).toList()) {
            assertThat(files).as("thumbnail beside " + xml).containsKey(xml.replace(".xml", ".jpg"));
        }
        for (SimulatedSession.Grid grid : truth.grids()) {
            for (SimulatedSession.Micrograph micrograph : grid.micrographs()) {
                assertThat(files).containsKey(micrograph.path());
            }
            for (SimulatedSession.FoilHoleManifest manifest : grid.foilHoleManifests()) {
                assertThat(files).containsKey(manifest.path());
            }
        }
    }

    @Test
    void everyXmlFileIsWellFormedWithTheRootAndNamespaceOfTheRealFiles() throws Exception {
        for (Map.Entry<String, Path> file : files.entrySet()) {
            String path = file.getKey();
            if (path.endsWith(".jpg") || path.endsWith(".mrc")) { // images, not XML
                continue;
            }
            XmlScan scan = XmlScan.of(file.getValue());
            String expectedRoot;
            String expectedNamespace;
            if (path.endsWith("EpuSession.dm")) {
                expectedRoot = "EpuSessionXml";
                expectedNamespace = EPU;
            } else if (path.endsWith("Atlas.dm")) {
                expectedRoot = "AtlasSessionXml";
                expectedNamespace = ATLAS;
            } else if (path.contains("/Metadata/GridSquare_")) {
                expectedRoot = "GridSquareXml";
                expectedNamespace = EPU;
            } else {
                expectedRoot = "MicroscopeImage";
                expectedNamespace = SHARED;
            }
            assertThat(scan.root().getLocalPart()).as(path).isEqualTo(expectedRoot);
            assertThat(scan.root().getNamespaceURI()).as(path).isEqualTo(expectedNamespace);
            if (path.endsWith(".dm")) {
                String text = Files.readString(file.getValue());
                assertThat(text).as(path + " is one line").doesNotContain("\n", "\r");
                assertThat(scan.attributes(expectedNamespace, expectedRoot).get(0))
                        .as(path)
                        .containsEntry(XmlScan.key(SERIALIZATION, "Id"), "1");
            }
        }
    }

    @Test
    void sessionFilesNameTheirIdsAtlasAndStorageFolderAndTheAtlasReferenceResolves() throws Exception {
        for (SimulatedSession.Grid grid : truth.grids()) {
            XmlScan session = XmlScan.of(out.resolve(grid.folder()).resolve("EpuSession.dm"));
            assertThat(session.first(COMMON, "Id")).isEqualTo(Long.toString(grid.sessionId()));
            assertThat(session.first(EPU, "Name")).isEqualTo(grid.sessionName());
            assertThat(session.texts(EPU, "StartDateTime")).allMatch(t -> t.matches(TIME_7));
            String storage = session.first(EPU, "Path");
            String atlasReference = session.first(EPU, "AtlasId");
            assertThat(storage)
                    .isEqualTo("Z:\\DoseFractions\\" + SimulatedFiles.small().visit());
            assertThat(atlasReference).startsWith(storage + "\\").endsWith("\\Atlas\\Atlas.dm");
            Path atlasFile =
                    out.resolve(atlasReference.substring(storage.length() + 1).replace('\\', '/'));
            assertThat(atlasFile).isRegularFile();
            assertThat(out.relativize(atlasFile).toString().replace('\\', '/')).isEqualTo(grid.atlasPath());
            XmlScan atlas = XmlScan.of(atlasFile);
            assertThat(atlas.first(COMMON, "Id")).isEqualTo(Long.toString(grid.atlasId()));
            assertThat(atlas.first(ATLAS, "AcquisitionDateTime")).matches(TIME_7);
            List<Long> keys =
                    session.texts(GENERIC, "key").stream().map(Long::valueOf).toList();
            int squares = grid.squareIds().size();
            assertThat(keys.subList(0, squares))
                    .as("GridSquares dictionary")
                    .containsExactlyElementsOf(grid.squareIds());
            assertThat(keys.subList(squares, keys.size()))
                    .as("DataAcquisitionAreas (micrograph locations)")
                    .containsExactlyInAnyOrderElementsOf(grid.micrographs().stream()
                            .map(SimulatedSession.Micrograph::locationId)
                            .distinct()
                            .toList());
            // Every atlas square sits under at least one tile, repeated under every tile showing it.
            Set<Long> nodeKeys =
                    atlas.texts(GENERIC, "key").stream().map(Long::valueOf).collect(Collectors.toSet());
            assertThat(nodeKeys).containsExactlyInAnyOrderElementsOf(grid.atlasSquareIds());
            Map<Long, Long> appearances = atlas.texts(GENERIC, "key").stream()
                    .map(Long::valueOf)
                    .collect(Collectors.groupingBy(k -> k, Collectors.counting()));
            assertThat(atlas.countStartingWith(GENERIC, "KeyValuePairOfintNodeXml"))
                    .isEqualTo(appearances.values().stream()
                            .mapToLong(Long::longValue)
                            .sum());
            // Each appearance of a square lists its position in every tile that shows it: k appearances x k positions.
            assertThat((long) atlas.count(ATLAS, "TilePositionXml") - countNil(atlas, ATLAS, "TilePositionXml"))
                    .isEqualTo(
                            appearances.values().stream().mapToLong(k -> k * k).sum());
            assertThat(atlas.count(ATLAS, "TileXml") - countNil(atlas, ATLAS, "TileXml"))
                    .isEqualTo(grid.atlasTileIds().size());
        }
    }

    @Test
    void gridSquareMetadataListsTheTargetsWithAboutHalfNearAGridBar() throws Exception {
        SimulatedSession.Grid grid = truth.grids().get(0);
        for (long squareId : grid.squareIds()) {
            XmlScan square = XmlScan.of(out.resolve(grid.folder()).resolve("Metadata/GridSquare_" + squareId + ".dm"));
            assertThat(square.first(EPU, "AtlasNodeId")).isEqualTo(Long.toString(squareId));
            List<Long> holes = grid.holeIdsBySquare().getOrDefault(squareId, List.of());
            assertThat(square.countStartingWith(GENERIC, "KeyValuePairOfintTargetLocation"))
                    .isEqualTo(holes.size());
            assertThat(square.attributes(ARRAYS, "m_serializationArray").get(0))
                    .containsEntry(XmlScan.key(SERIALIZATION, "Size"), Integer.toString(holes.size()));
            if (holes.isEmpty()) {
                assertThat(grid.visitedSquareIds()).doesNotContain(squareId);
                continue;
            }
            List<String> keys = square.texts(GENERIC, "key");
            List<Long> targetKeys =
                    keys.stream().map(Long::valueOf).filter(holes::contains).toList();
            assertThat(targetKeys).containsExactlyElementsOf(holes);
            long near = square.texts(EPU, "IsNearGridBar").stream()
                    .filter("true"::equals)
                    .count();
            assertThat(near).isEqualTo(grid.nearGridBarHoleIds().get(squareId).size());
            assertThat(near).isBetween(holes.size() / 4L, holes.size() * 3L / 4);
            assertThat(square.texts(EPU, "State")).contains("Completed");
            long completed = square.texts(EPU, "State").stream()
                    .filter("Completed"::equals)
                    .count();
            assertThat(completed - 1)
                    .as("completed targets besides the square itself")
                    .isEqualTo(grid.acquiredHoleIdsBySquare().get(squareId).size());
        }
    }

    @Test
    void micrographManifestsCarryTheirUniqueIdAndAcquisitionFacts() throws Exception {
        SimulatedSession.Grid grid = truth.grids().get(1);
        Set<String> seen = new HashSet<>();
        for (SimulatedSession.Micrograph micrograph : grid.micrographs()) {
            XmlScan manifest = XmlScan.of(out.resolve(micrograph.path()));
            assertThat(manifest.first(SHARED, "uniqueID")).isEqualTo(micrograph.uniqueId());
            assertThat(seen.add(micrograph.uniqueId())).isTrue();
            assertThat(manifest.first(SHARED, "acquisitionDateTime"))
                    .isEqualTo(micrograph.acquired())
                    .matches(TIME_7);
            assertThat(manifest.first(SHARED, "InstrumentModel")).isEqualTo("TITAN52336320");
            assertThat(manifest.first(SHARED, "EFTEMOn")).isEqualTo("true");
            assertThat(Double.parseDouble(manifest.first(SHARED, "Defocus"))).isBetween(-3e-6, 0d);
            assertThat(manifest.first(SHARED, "ExposureTime")).isEqualTo("0.89");
            assertThat(manifest.texts("http://schemas.datacontract.org/2004/07/System.Drawing", "width"))
                    .contains("2880");
            Map<String, String> custom = XmlScan.customData(out.resolve(micrograph.path()));
            assertThat(custom)
                    .containsKeys("DoseOnCamera", "PhasePlateUsed", "AppliedDefocus")
                    .containsEntry("Detectors[EF-CCD].CommercialName", "BioQuantum K3");
            assertThat(micrograph.path())
                    .contains("/GridSquare_" + micrograph.squareId() + "/Data/FoilHole_" + micrograph.holeId()
                            + "_Data_" + micrograph.locationId() + "_");
            assertThat(grid.acquiredHoleIdsBySquare().get(micrograph.squareId()))
                    .contains(micrograph.holeId());
        }
    }

    @Test
    void foilHoleManifestsCarryTheFoundCentreAndSomeHolesHaveTwo() throws Exception {
        Map<Long, Integer> perHole = new HashMap<>();
        for (SimulatedSession.Grid grid : truth.grids()) {
            for (SimulatedSession.FoilHoleManifest manifest : grid.foilHoleManifests()) {
                XmlScan scan = XmlScan.of(out.resolve(manifest.path()));
                assertThat(scan.first(SHARED, "uniqueID")).isEqualTo(manifest.uniqueId());
                assertThat(XmlScan.customData(out.resolve(manifest.path()))).containsKey("FindFoilHoleCenterResults");
                perHole.merge(manifest.holeId(), 1, Integer::sum);
            }
        }
        assertThat(perHole.values()).contains(1, 2);
        for (SimulatedSession.Grid grid : truth.grids()) {
            Map<Long, SimulatedSession.FoilHoleManifest> latest = grid.latestFoilHoleManifests();
            assertThat(latest.keySet())
                    .containsExactlyInAnyOrderElementsOf(grid.foilHoleManifests().stream()
                            .map(SimulatedSession.FoilHoleManifest::holeId)
                            .distinct()
                            .toList());
            for (SimulatedSession.FoilHoleManifest manifest : grid.foilHoleManifests()) {
                SimulatedSession.FoilHoleManifest winner = latest.get(manifest.holeId());
                assertThat(winner.acquired().compareTo(manifest.acquired())).isNotNegative();
                // The winner's file name carries the later stamp too.
                assertThat(winner.path().compareTo(manifest.path())).isNotNegative();
            }
        }
    }

    @Test
    void thumbnailsAreRealJpegs() throws IOException {
        List<String> jpegs = new ArrayList<>(
                files.keySet().stream().filter(p -> p.endsWith(".jpg")).toList());
        assertThat(jpegs).isNotEmpty();
        for (String jpeg : jpegs.subList(0, Math.min(40, jpegs.size()))) {
            BufferedImage image = ImageIO.read(files.get(jpeg).toFile());
            assertThat(image).as(jpeg).isNotNull();
            assertThat(image.getWidth()).isEqualTo(Thumbnails.WIDTH);
        }
    }

    @Test
    void everyMicrographHasASmallFloat32MrcBesideItsManifestWhoseHeaderTellsItsShape() throws Exception {
        List<String> manifests = files.keySet().stream()
                .filter(p -> p.contains("/Data/") && p.endsWith(".xml"))
                .toList();
        assertThat(manifests).isNotEmpty();
        io.sightline.core.image.formats.ImageFormats formats = io.sightline.core.image.formats.ImageFormats.standard();
        for (String manifest : manifests) {
            String mrc = manifest.substring(0, manifest.length() - ".xml".length()) + ".mrc";
            assertThat(files).as(mrc).containsKey(mrc);
            io.sightline.core.image.ImageHeader header = formats.header(files.get(mrc));
            assertThat(header.format()).isEqualTo("mrc");
            assertThat(header.shape()).containsExactly(Thumbnails.MRC_EDGE, Thumbnails.MRC_EDGE);
            assertThat(header.dtype().dtype()).isEqualTo("float32");
            assertThat(Files.size(files.get(mrc))).isEqualTo(1024 + 4L * Thumbnails.MRC_EDGE * Thumbnails.MRC_EDGE);
        }
    }

    @Test
    void idsAreSevenOrEightDigitsAndUnique() {
        List<Long> all = new ArrayList<>();
        for (SimulatedSession.Grid grid : truth.grids()) {
            all.add(grid.sessionId());
            all.add(grid.atlasId());
            all.addAll(grid.squareIds());
            all.addAll(grid.atlasTileIds());
            grid.holeIdsBySquare().values().forEach(all::addAll);
        }
        assertThat(all).doesNotHaveDuplicates().allMatch(id -> id >= 1_000_000 && id < 100_000_000);
    }

    private static int countNil(XmlScan scan, String namespace, String localName) {
        return (int) scan.attributes(namespace, localName).stream()
                .filter(a -> "true".equals(a.get(XmlScan.key("http://www.w3.org/2001/XMLSchema-instance", "nil"))))
                .count();
    }
}
