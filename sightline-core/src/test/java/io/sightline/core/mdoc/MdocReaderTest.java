package io.sightline.core.mdoc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import io.sightline.core.text.TextReadException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The mdoc reader against SerialEM's files, a Tomo5 layout, CryoBoost's detection defect and bad input. */
class MdocReaderTest {

    private static final Path FILE = Path.of("Position_1.mdoc");
    private final MdocReader reader = new MdocReader();

    private Mdoc read(String text) throws TextReadException {
        return reader.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), FILE);
    }

    private TextReadException error(String text) {
        return catchThrowableOfType(TextReadException.class, () -> read(text));
    }

    @Test
    void serialEmTiltSeriesGivesItsAxisPixelSpacingAndTilts() throws TextReadException {
        Mdoc mdoc = reader.read(MdocSamples.file("tilt_series.mdoc"));

        assertThat(mdoc.software()).isEqualTo(AcquisitionSoftware.SERIALEM);
        assertThat(mdoc.tiltAxisAngle()).isEqualTo(85.3);
        assertThat(mdoc.pixelSpacing()).isEqualTo(5.4);
        assertThat(mdoc.voltage()).isNull();
        assertThat(mdoc.headerValue("ImageFile")).contains("TS_01.mrc");
        assertThat(mdoc.titles()).hasSize(2);
        assertThat(mdoc.tilts()).hasSize(41);
        MdocTilt first = mdoc.tilts().get(0);
        assertThat(first.zValue()).isEqualTo("0");
        assertThat(first.tiltAngle()).isEqualTo(0.000999877);
        assertThat(first.rotationAngle()).isEqualTo(175.3);
        assertThat(first.subFramePath()).isEqualTo("D:\\DATA\\Flo\\HGK149_20151130\\frames\\TS_01_000_0.0.mrc");
        assertThat(first.subFrameName()).isEqualTo("TS_01_000_0.0.mrc");
        assertThat(first.numSubFrames()).isEqualTo(8);
        assertThat(mdoc.eer()).isFalse();
    }

    @Test
    void doseBeforeEachTiltAddsUpTheDosesBeforeIt() throws TextReadException {
        Mdoc mdoc = reader.read(MdocSamples.file("close-TS_run1.mdoc"));

        assertThat(mdoc.software()).isEqualTo(AcquisitionSoftware.SERIALEM);
        assertThat(mdoc.tiltAxisAngle()).isEqualTo(84.7);
        assertThat(mdoc.voltage()).isEqualTo(300.0);
        assertThat(mdoc.dosePerTilt()).isEqualTo(2.35936);
        List<MdocTilt> tilts = mdoc.tilts();
        assertThat(tilts).hasSize(9);
        // only the first section says ExposureDose; the others count at the series' dose per tilt
        for (int k = 0; k < tilts.size(); k++) {
            assertThat(tilts.get(k).preExposure()).isCloseTo(k * 2.35936, within(1e-9));
        }
        assertThat(tilts.get(1).exposureDose()).isNull();
        assertThat(tilts.get(1).subFrameName()).isEqualTo("TS_run1_2.tiff");
    }

    @Test
    void aFrameSetMdocWithItsTitleAsAPlainLineIsSerialEm() throws TextReadException {
        Mdoc single = reader.read(MdocSamples.file("frame_set_single.mdoc"));
        Mdoc multiple = reader.read(MdocSamples.file("frame_set_multiple.mdoc"));

        assertThat(single.software()).isEqualTo(AcquisitionSoftware.SERIALEM);
        assertThat(single.tilts()).isEmpty();
        assertThat(single.sections()).extracting(MdocSection::kind).containsExactly("FrameSet");
        assertThat(single.pixelSpacing()).isEqualTo(1.2827);
        assertThat(single.dosePerTilt()).isEqualTo(7.65892);
        // CRLF line breaks do not leak into values
        assertThat(multiple.voltage()).isEqualTo(300.0);
        assertThat(multiple.sections().get(0).value("TiltAngle")).contains("32.986");
    }

    @Test
    void aMontageKeepsItsMontSectionsBesideTheImages() throws TextReadException {
        Mdoc mdoc = reader.read(MdocSamples.file("montage_section.mdoc"));

        assertThat(mdoc.tiltAxisAngle()).isEqualTo(-86.7);
        assertThat(mdoc.tilts()).hasSize(62);
        assertThat(mdoc.sections()).extracting(MdocSection::kind).contains("MontSection");
    }

    @Test
    void serialEmIsFoundWhereCryoBoostsSplitOnEqualsNeverFindsIt() throws TextReadException {
        // the synthetic header the CryoBoost contract reproduces its defect with
        Mdoc mdoc = read("""
                PixelSpacing = 2.1
                Voltage = 300

                [T = SerialEM: Digitized on Krios    01-Jan-25  10:00:00    ]

                [T =     Tilt axis angle = 85.3, binning = 1  spot = 8  camera = 0]

                [ZValue = 0]
                TiltAngle = 0.0
                RotationAngle = -94.7
                ExposureDose = 3.1
                """);

        assertThat(mdoc.software()).isEqualTo(AcquisitionSoftware.SERIALEM);
        assertThat(mdoc.tiltAxisAngle()).isEqualTo(85.3);
    }

    @Test
    void tomo5GivesTheMagnitudeOfItsRotationAngleEerFramesAndItsOwnPriorDose() throws TextReadException {
        Mdoc mdoc = read("""
                DataMode = 6
                ImageSize = 4096 4096
                ImageFile = Position_1.mrc
                PixelSpacing = 2.95
                Voltage = 300.00

                [T = Tomography: TITAN52337180    22-Feb-04  23:02:05]

                [T =   TiltAxisAngle = -174.23  Binning = 1  SpotSize = 7]

                [ZValue = 0]
                TiltAngle = 9.98
                ExposureDose = 2.07
                RotationAngle = -84.23
                PriorRecordDose = 0.00
                SubFramePath = X:\\Data\\Position_1_001_10.00_20231020_234209_EER.eer
                NumSubFrames = 1
                ChannelName =
                CameraLength = NaN

                [ZValue = 1]
                TiltAngle = 12.99
                ExposureDose = 2.07
                RotationAngle = -84.23
                PriorRecordDose = 2.50
                SubFramePath = X:\\Data\\Position_1_002_13.00_20231020_234233_EER.eer
                """);

        assertThat(mdoc.software()).isEqualTo(AcquisitionSoftware.TOMO5);
        assertThat(mdoc.tiltAxisAngle()).isEqualTo(84.23);
        assertThat(mdoc.pixelSpacing()).isEqualTo(2.95);
        assertThat(mdoc.voltage()).isEqualTo(300.0);
        assertThat(mdoc.dosePerTilt()).isEqualTo(2.07);
        assertThat(mdoc.eer()).isTrue();
        assertThat(mdoc.tilts()).extracting(MdocTilt::preExposure).containsExactly(0.0, 2.5);
        assertThat(mdoc.tilts().get(1).subFrameName()).isEqualTo("Position_1_002_13.00_20231020_234233_EER.eer");
        assertThat(mdoc.sections().get(0).value("ChannelName")).contains("");
    }

    @Test
    void aLineThatIsNeitherEntryNorSectionIsMalformedWhereItStarts() {
        TextReadException e = error("PixelSpacing = 1\n  garbage here\n");

        assertThat(e).isInstanceOf(TextReadException.Malformed.class);
        assertThat(e.file()).isEqualTo(FILE);
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.column()).isEqualTo(3);
    }

    @Test
    void aNumberThatIsNotOneIsMalformedAtItsValue() {
        TextReadException e = error("[ZValue = 0]\nTiltAngle =  ten\n");

        assertThat(e).isInstanceOf(TextReadException.Malformed.class);
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.column()).isEqualTo("TiltAngle =  ".length() + 1);
        assertThat(e.problem()).contains("TiltAngle is 'ten', not a number");
    }

    @Test
    void aSectionHeaderCutShortIsIncompleteAtTheEndAndMalformedBefore() {
        assertThat(error("PixelSpacing = 1\n\n[ZValue = 1")).isInstanceOf(TextReadException.Incomplete.class);
        assertThat(error("[ZValue = 1\nTiltAngle = 2\n")).isInstanceOf(TextReadException.Malformed.class);
        assertThat(error("[ = 1]\n").problem()).contains("without a name");
    }

    @Test
    void aMissingFileIsUnreadable() {
        Path missing = Path.of("no", "such.mdoc");

        TextReadException e = catchThrowableOfType(TextReadException.class, () -> reader.read(missing));

        assertThat(e).isInstanceOf(TextReadException.Unreadable.class);
        assertThat(e.file()).isEqualTo(missing);
    }
}
