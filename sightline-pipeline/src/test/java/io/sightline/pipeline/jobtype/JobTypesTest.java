package io.sightline.pipeline.jobtype;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sightline.core.mdoc.MdocReader;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JobTypesTest {
    private final JobTypes types = JobTypes.standard();

    @Test
    void theStandardRegistryHoldsTheFirstSpaAndTomographyTypes() {
        assertThat(types.all().stream().map(JobType::id))
                .containsExactly(
                        "spa.import",
                        "spa.motioncorr",
                        "spa.ctf",
                        "spa.autopick",
                        "spa.extract",
                        "spa.class2d",
                        "tomo.import",
                        "tomo.motion_ctf",
                        "tomo.align",
                        "tomo.ctf",
                        "tomo.reconstruct");
    }

    @Test
    void everyDefaultIsWithinItsOwnBoundsAndNamesAreUniquePerType() throws Exception {
        for (JobType t : types.all()) {
            Set<String> names = new HashSet<>();
            for (Param p : t.parameters()) {
                assertThat(names.add(p.name())).as(t.id() + "." + p.name()).isTrue();
                if (p.defaultValue() != null) {
                    assertThat(p.check(p.defaultValue()))
                            .as(t.id() + "." + p.name())
                            .isEqualTo(p.defaultValue());
                }
            }
        }
    }

    @Test
    void aTypeIsRegisteredOnlyOnce() {
        assertThatThrownBy(() -> JobTypes.builder().add(new SpaImport()).add(new SpaImport()))
                .hasMessageContaining("spa.import is registered twice");
    }

    @Test
    void outOfBoundsValuesAreRefusedNamingTheField() {
        JobType class2d = types.find("spa.class2d").orElseThrow();
        assertThatThrownBy(() -> Parameters.resolve(class2d, Acquisition.UNKNOWN, Map.of("classes", "0")))
                .isInstanceOfSatisfying(
                        ParameterException.class, e -> assertThat(e.field()).isEqualTo("classes"))
                .hasMessage("classes: 0 is outside [1, 400]");
        assertThatThrownBy(() -> Parameters.resolve(class2d, Acquisition.UNKNOWN, Map.of("diameter", "wide")))
                .hasMessage("diameter: 'wide' is not a number");
        assertThatThrownBy(() -> Parameters.resolve(class2d, Acquisition.UNKNOWN, Map.of("colour", "red")))
                .hasMessage("colour: job type spa.class2d has no such parameter");
    }

    @Test
    void acquisitionFactsComeFromTheMdocAndUserOverridesWin() throws Exception {
        String mdoc = "PixelSpacing = 1.63\nVoltage = 300\n[T = SerialEM: Digitized on EMBL Krios]\n"
                + "[T =     Tilt axis angle = 85.3, binning = 1  spot = 7  camera = 0]\n\n"
                + "[ZValue = 0]\nTiltAngle = 0.0\nExposureDose = 2.5\nSubFramePath = X:\\frames\\a.eer\n";
        Acquisition fromMdoc = Acquisition.fromMdoc(new MdocReader()
                .read(new ByteArrayInputStream(mdoc.getBytes(StandardCharsets.UTF_8)), Path.of("TS_01.mdoc")));
        JobType tomoImport = types.find("tomo.import").orElseThrow();

        Parameters detected = Parameters.resolve(tomoImport, fromMdoc, Map.of());
        assertThat(detected.text("angpix")).isEqualTo("1.63");
        assertThat(detected.text("tilt_axis")).isEqualTo("85.3");
        assertThat(detected.text("dose_per_tilt")).isEqualTo("2.5");
        assertThat(detected.text("Cs")).isEqualTo("2.7");

        Parameters overridden = Parameters.resolve(tomoImport, fromMdoc, Map.of("angpix", "1.5"));
        assertThat(overridden.text("angpix")).isEqualTo("1.5");
    }

    @Test
    void aFactNobodyKnowsIsRequired() {
        JobType spaImport = types.find("spa.import").orElseThrow();
        assertThatThrownBy(() -> Parameters.resolve(spaImport, Acquisition.UNKNOWN, Map.of()))
                .hasMessage("angpix: required (the acquisition does not say it)");
    }

    @Test
    void anAcquisitionFactOutsideTheBoundsIsRefusedNotClamped() {
        JobType tomoImport = types.find("tomo.import").orElseThrow();
        Acquisition a =
                Acquisition.UNKNOWN.with(AcquisitionField.PIXEL_SIZE, 1.0).with(AcquisitionField.DOSE, 12.0);
        assertThatThrownBy(() -> Parameters.resolve(tomoImport, a, Map.of())).hasMessageStartingWith("dose_per_tilt:");
    }

    @Test
    void theCommandCarriesTheCheckedParametersAndWiredInputs() throws Exception {
        JobType ctf = types.find("spa.ctf").orElseThrow();
        Parameters p = Parameters.resolve(ctf, Acquisition.UNKNOWN, Map.of("box", " 1024 ", "res_max", "4.0"));
        JobContext c = new JobContext(
                p,
                Map.of("micrographs", Path.of("/p/External/job002/corrected_micrographs.star")),
                Path.of("/p/External/job003"));
        assertThat(ctf.arguments(c))
                .containsSequence("--i", "/p/External/job002/corrected_micrographs.star", "--o", "/p/External/job003/")
                .containsSequence("--Box", "1024")
                .containsSequence("--ResMax", "4");
    }

    @Test
    void flagsAndChoicesAcceptTheirWordsOnly() throws Exception {
        Param.Flag f = new Param.Flag("invert", "", true);
        assertThat(f.check("true")).isEqualTo("Yes");
        assertThat(f.check("No")).isEqualTo("No");
        assertThatThrownBy(() -> f.check("maybe")).hasMessage("invert: 'maybe' is not Yes or No");
        Param.Choice c = new Param.Choice("method", "", "AreTomo", java.util.List.of("AreTomo", "IMOD"));
        assertThat(c.check("imod")).isEqualTo("IMOD");
        assertThatThrownBy(() -> c.check("Relion")).hasMessageStartingWith("method: 'Relion' is not one of");
    }
}
