package io.sightline.pipeline.jobtype;

import java.util.ArrayList;
import java.util.List;

/** Particle extraction: RELION's relion_preprocess. */
public final class Extraction extends DeclaredJobType {
    public Extraction() {
        super(
                "spa.extract",
                "Particle extraction",
                JobCategory.EXTERNAL,
                false,
                "relion_preprocess",
                List.of(
                        new Param.Int("box_size", "extraction box, pixels", 256L, 16, 2048),
                        new Param.Int("rescale", "rescaled box, pixels (0: no rescaling)", 0L, 0, 2048),
                        new Param.Flag("invert", "invert contrast", true)),
                List.of(
                        new InputSlot("micrographs", SlotType.CTF_MICROGRAPHS),
                        new InputSlot("coordinates", SlotType.COORDINATES)),
                List.of(new OutputSlot("particles", SlotType.PARTICLES, "particles.star")));
    }

    @Override
    public List<String> arguments(JobContext c) {
        Parameters p = c.parameters();
        return extract(p, c);
    }

    private static List<String> extract(Parameters p, JobContext c) {
        List<String> a = new ArrayList<>(List.of(
                "--i",
                c.input("micrographs"),
                "--coord_list",
                c.input("coordinates"),
                "--part_star",
                c.output() + "particles.star",
                "--part_dir",
                c.output(),
                "--extract",
                "--extract_size",
                p.text("box_size"),
                "--norm",
                "--bg_radius",
                Long.toString(Math.max(1, p.integer("box_size") * 3 / 8))));
        if (p.integer("rescale") > 0) {
            a.addAll(List.of("--scale", p.text("rescale")));
        }
        if (p.flag("invert")) {
            a.add("--invert_contrast");
        }
        return a;
    }
}
