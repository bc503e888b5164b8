package io.sightline.pipeline.jobtype;

import java.util.List;

/** Import movies (SPA): RELION's relion_import. */
public final class SpaImport extends DeclaredJobType {
    public SpaImport() {
        super(
                "spa.import",
                "Import movies (SPA)",
                JobCategory.IMPORT,
                false,
                "relion_import",
                List.of(
                        new Param.Text("movies", "movie files, a glob such as Movies/*.tiff", "Movies/*.tiff", 1024),
                        new Param.Text("optics_group_name", "optics group", "opticsGroup1", 64),
                        CommonParams.PIXEL_SIZE,
                        CommonParams.VOLTAGE,
                        CommonParams.CS,
                        CommonParams.AMPLITUDE_CONTRAST),
                List.of(),
                List.of(new OutputSlot("movies", SlotType.MOVIES, "movies.star")));
    }

    @Override
    public List<String> arguments(JobContext c) {
        Parameters p = c.parameters();
        return List.of(
                "--do_movies",
                "--optics_group_name",
                p.text("optics_group_name"),
                "--angpix",
                p.text("angpix"),
                "--kV",
                p.text("kV"),
                "--Cs",
                p.text("Cs"),
                "--Q0",
                p.text("Q0"),
                "--i",
                p.text("movies"),
                "--odir",
                c.output(),
                "--ofile",
                "movies.star");
    }
}
