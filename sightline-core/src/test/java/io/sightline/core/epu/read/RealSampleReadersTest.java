package io.sightline.core.epu.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sightline.core.epu.model.Atlas;
import io.sightline.core.epu.model.AtlasSquarePosition;
import io.sightline.core.epu.model.EpuSession;
import io.sightline.core.epu.model.FoilHoleManifest;
import io.sightline.core.epu.model.FoilHoleTarget;
import io.sightline.core.epu.model.GridSquareManifest;
import io.sightline.core.epu.model.GridSquareMetadata;
import io.sightline.core.epu.model.MicrographManifest;
import io.sightline.core.epu.model.TilePosition;
import io.sightline.core.testing.Samples;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every reader against the real EPU samples, with both StAX parsers (they must agree). */
class RealSampleReadersTest {

    @ParameterizedTest
    @ValueSource(strings = {"sightline", "woodstox", "aalto", "jdk"})
    void sessionReaderReadsIdNameClusteringAtlasReferenceAndStart(String parser) throws Exception {
        EpuSession s = new EpuSessionReader(xml(parser)).read(Samples.file("grid-2025/EpuSession.dm"));

        assertThat(s.id()).isEqualTo(9015527L);
        assertThat(s.name()).isEqualTo("Supervisor_20250108_101446_62_cm40593-1_EPU");
        assertThat(s.clusteringMode()).isEqualTo("ClusteringWithImageBeamShift");
        assertThat(s.clusteringRadius()).isEqualTo(1.2e-5);
        assertThat(s.atlasReference())
                .endsWith("Sample7\\Atlas\\Atlas.dm")
                .startsWith("Z:\\DoseFractions\\cm40593-1\\atlas\\");
        assertThat(s.storageFolder()).isEqualTo("Z:\\DoseFractions\\cm40593-1");
        assertThat(s.startTime()).isEqualTo(Instant.parse("2025-01-08T15:10:39.4807272Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sightline", "woodstox", "aalto", "jdk"})
    void atlasReaderTakesTheRootIdAndMergesSquaresListedUnderSeveralTiles(String parser) throws Exception {
        Atlas a = new AtlasReader(xml(parser)).read(Samples.file("Atlas.dm"));

        assertThat(a.sessionId()).isEqualTo(3436163L);
        assertThat(a.squares()).hasSize(47);
        assertThat(a.squares()).extracting(AtlasSquarePosition::squareId).doesNotHaveDuplicates();
        assertThat(a.tiles()).hasSize(8);
        assertThat(a.tiles().get(0).id()).isEqualTo(4590157L);
        assertThat(a.tiles().get(0).imageBaseName()).isEqualTo("Tile_4590157_0_4590151");
        assertThat(a.tiles().get(0).atlasPixelPosition().width()).isEqualTo(833);
        assertThat(a.acquisitionTime())
                .isEqualTo(OffsetDateTime.of(2024, 4, 5, 10, 17, 53, 987_880_000, ZoneOffset.ofHours(1)));
        assertThat(a.acquisitionTime().getOffset()).isEqualTo(ZoneOffset.ofHours(1));
        assertThat(a.name()).isEqualTo("Atlas");
        assertThat(a.description()).isEqualTo("Atlas for autoloader slot 4");
        assertThat(a.storageFolder()).endsWith("Sample4");

        AtlasSquarePosition sq = a.squares().stream()
                .filter(s -> s.squareId() == 4590306L)
                .findFirst()
                .orElseThrow();
        assertThat(sq.center().x()).isCloseTo(2236.751, within(1e-9));
        assertThat(sq.center().y()).isCloseTo(1741.15442, within(1e-9));
        assertThat(sq.size().width()).isCloseTo(143.233978, within(1e-9));
        assertThat(sq.rotation()).isCloseTo(0.20647442842569014, within(1e-15));
        assertThat(sq.physical().x()).isCloseTo(-0.000141894867, within(1e-15));
        assertThat(sq.tilePositions()).extracting(TilePosition::tileId).containsExactly(4590157L, 4590231L);
        assertThat(sq.tilePositions().get(0).center().x()).isCloseTo(2258.30078, within(1e-9));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sightline", "woodstox", "aalto", "jdk"})
    void gridSquareMetadataReaderStreamsAllTargetsOfTheTwoMegabyteFile(String parser) throws Exception {
        GridSquareMetadata m = new GridSquareMetadataReader(xml(parser)).read(Samples.file("GridSquare_4590776.dm"));

        assertThat(m.squareId()).isEqualTo(4590776L);
        assertThat(m.state()).isEqualTo("InProgress");
        assertThat(m.selected()).isTrue();
        assertThat(m.unusable()).isFalse();
        assertThat(m.rotation()).isCloseTo(-0.4006, within(1e-4));
        assertThat(m.stagePosition().x()).isCloseTo(-4.919e-5, within(1e-8));
        assertThat(m.stagePosition().y()).isCloseTo(-5.620e-4, within(1e-7));
        assertThat(m.imagePath()).endsWith("GridSquare_4590776\\GridSquare_20240406_102420.tiff");
        assertThat(m.targets()).hasSize(570);
        assertThat(m.targets())
                .filteredOn(t -> Boolean.TRUE.equals(t.nearGridBar()))
                .hasSize(291);

        FoilHoleTarget h = m.targets().stream()
                .filter(t -> t.holeId() == 5665438L)
                .findFirst()
                .orElseThrow();
        assertThat(h.pixelCenter().x()).isEqualTo(1396);
        assertThat(h.pixelCenter().y()).isEqualTo(972);
        assertThat(h.diameter()).isCloseTo(51.29, within(0.01));
        assertThat(h.state()).isEqualTo("Completed");
        assertThat(h.selected()).isTrue();
        assertThat(h.nearGridBar()).isFalse();
        assertThat(h.stagePosition().x()).isCloseTo(-4.2565477384562446E-05, within(1e-18));
        assertThat(h.imagePath()).endsWith("FoilHole_5665438_20240406_102451.tiff");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sightline", "woodstox", "aalto", "jdk"})
    void micrographReaderReadsIdentityAcquisitionCameraOpticsAndInstrument(String parser) throws Exception {
        MicrographManifest m = new MicrographManifestReader(xml(parser)).read(Samples.file(Samples.MICROGRAPH));

        assertThat(m.uniqueId()).isEqualTo("a57ec324-5326-43a3-8dc6-ee3424aa5814");
        assertThat(m.foilHoleId()).isEqualTo(9015883L);
        assertThat(m.squareId()).isEqualTo(8999138L);
        assertThat(m.locationId()).isEqualTo(9017347L);
        assertThat(m.acquisitionTime()).isEqualTo(Instant.parse("2025-01-08T15:49:18.1158288Z"));
        assertThat(m.readoutWidth()).isEqualTo(2880);
        assertThat(m.readoutHeight()).isEqualTo(2046);
        assertThat(m.binning()).isEqualTo(2);
        assertThat(m.camera()).isEqualTo("EF-CCD");
        assertThat(m.defocus()).isCloseTo(4.8416e-7, within(1e-11));
        assertThat(m.appliedDefocus()).isEqualTo(-2.7e-6);
        assertThat(m.energyFilter()).isTrue();
        assertThat(m.phasePlate()).isFalse();
        assertThat(m.detector()).isEqualTo("BioQuantum K3");
        assertThat(m.instrument().model()).isEqualTo("TITAN52336320");
        assertThat(m.instrument().id()).isEqualTo("3632");
        assertThat(m.dose()).isCloseTo(16.066, within(1e-3));
        assertThat(m.exposureTime()).isEqualTo(0.89);
        assertThat(m.magnification()).isEqualTo(165000L);
        assertThat(m.pixelSize()).isCloseTo(1.0558814239614023E-10, within(1e-20));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sightline", "woodstox", "aalto", "jdk"})
    void foilHoleManifestReaderReadsTheHoleCentringResult(String parser) throws Exception {
        FoilHoleManifest f = new FoilHoleManifestReader(xml(parser)).read(Samples.file(Samples.FOIL_HOLE_LATEST));

        assertThat(f.holeId()).isEqualTo(9015889L);
        assertThat(f.squareId()).isEqualTo(8999138L);
        assertThat(f.uniqueId()).isEqualTo("630518e6-c77f-46bb-9750-26357a3d318a");
        assertThat(f.acquisitionTime()).isEqualTo(Instant.parse("2025-01-08T15:47:21.8177775Z"));
        assertThat(f.center().x()).isCloseTo(1414.76611, within(1e-9));
        assertThat(f.center().y()).isCloseTo(1040.06824, within(1e-9));
        assertThat(f.size().width()).isCloseTo(770.145, within(1e-9));
        assertThat(f.quality()).isCloseTo(0.79257, within(1e-5));
        assertThat(f.rotation()).isCloseTo(-3.086187417975387, within(1e-15));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sightline", "woodstox", "aalto", "jdk"})
    void gridSquareManifestReaderTakesTheSquareIdFromTheFolder(String parser) throws Exception {
        GridSquareManifest g = new GridSquareManifestReader(xml(parser)).read(Samples.file(Samples.SQUARE_MANIFEST));

        assertThat(g.squareId()).isEqualTo(8999138L);
        assertThat(g.acquisitionTime()).isNotNull();
        assertThat(g.magnification()).isNotNull().isPositive();
        assertThat(g.pixelSize()).isNotNull().isPositive();
        assertThat(g.instrument().model()).isEqualTo("TITAN52336320");
        assertThat(g.uniqueId()).isNotBlank();
    }

    static EpuXml xml(String parser) {
        return switch (parser) {
            case "jdk" -> EpuXml.jdk();
            case "aalto" -> EpuXml.aalto();
            case "sightline" -> EpuXml.sightline();
            default -> EpuXml.woodstox();
        };
    }
}
