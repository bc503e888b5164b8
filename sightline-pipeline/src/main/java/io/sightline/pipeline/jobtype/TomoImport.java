package io.sightline.pipeline.jobtype;

import java.util.ArrayList;
import java.util.List;

/** Import tilt series: RELION's relion_python_tomo_import. */
public final class TomoImport extends DeclaredJobType {
    public TomoImport() {
        super(
                "tomo.import",
                "Import tilt series",
                JobCategory.IMPORT,
                true,
                "relion_python_tomo_import",
                List.of(
                        new Param.Text("movies", "tilt movies, a glob", "frames/*.eer", 1024),
                        new Param.Text("mdocs", "mdoc files, a glob", "mdoc/*.mdoc", 1024),
                        CommonParams.PIXEL_SIZE,
                        CommonParams.VOLTAGE,
                        CommonParams.CS,
                        CommonParams.AMPLITUDE_CONTRAST,
                        CommonParams.DOSE_PER_TILT,
                        CommonParams.TILT_AXIS,
                        new Param.Flag("invert_tilt_angles", "invert the tilt angles (Tomo5)", false)),
                List.of(),
                List.of(new OutputSlot("tilt_series", SlotType.TILT_SERIES, "tilt_series.star")));
    }

    @Override
    public List<String> arguments(JobContext c) {
        Parameters p = c.parameters();
        return tomoImport(p, c);
    }

    private static List<String> tomoImport(Parameters p, JobContext c) {
        List<String> a = new ArrayList<>(List.of(
                "SerialEM",
                "--tilt-image-movie-pattern",
                p.text("movies"),
                "--mdoc-file-pattern",
                p.text("mdocs"),
                "--nominal-pixel-size",
                p.text("angpix"),
                "--voltage",
                p.text("kV"),
                "--spherical-aberration",
                p.text("Cs"),
                "--amplitude-contrast",
                p.text("Q0"),
                "--dose-per-tilt-image",
                p.text("dose_per_tilt"),
                "--nominal-tilt-axis-angle",
                p.text("tilt_axis"),
                "--output-directory",
                c.output()));
        if (p.flag("invert_tilt_angles")) {
            a.add("--invert-tilt-angle-sign");
        }
        return a;
    }
}
