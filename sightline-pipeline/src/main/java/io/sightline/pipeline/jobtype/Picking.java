package io.sightline.pipeline.jobtype;

import java.util.List;

/** Particle picking (LoG): RELION's relion_autopick. */
public final class Picking extends DeclaredJobType {
    public Picking() {
        super(
                "spa.autopick",
                "Particle picking (LoG)",
                JobCategory.EXTERNAL,
                false,
                "relion_autopick",
                List.of(
                        new Param.Real("diameter_min", "smallest particle diameter, Å", 150.0, 10, 2000, null),
                        new Param.Real("diameter_max", "largest particle diameter, Å", 180.0, 10, 2000, null),
                        new Param.Real("threshold", "LoG threshold adjustment", 0.0, -10, 10, null)),
                List.of(new InputSlot("micrographs", SlotType.CTF_MICROGRAPHS)),
                List.of(new OutputSlot("coordinates", SlotType.COORDINATES, "autopick.star")));
    }

    @Override
    public List<String> arguments(JobContext c) {
        Parameters p = c.parameters();
        return List.of(
                "--i",
                c.input("micrographs"),
                "--odir",
                c.output(),
                "--pickname",
                "autopick",
                "--LoG",
                "--LoG_diam_min",
                p.text("diameter_min"),
                "--LoG_diam_max",
                p.text("diameter_max"),
                "--LoG_adjust_threshold",
                p.text("threshold"),
                "--only_do_unfinished");
    }
}
