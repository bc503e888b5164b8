package io.sightline.pipeline.jobtype;

import java.util.List;

/** 2D classification: RELION's relion_refine. */
public final class Class2d extends DeclaredJobType {
    public Class2d() {
        super(
                "spa.class2d",
                "2D classification",
                JobCategory.EXTERNAL,
                false,
                "relion_refine",
                List.of(
                        new Param.Int("classes", "number of classes", 50L, 1, 400),
                        new Param.Int("iterations", "iterations", 25L, 1, 200),
                        new Param.Real("diameter", "mask diameter, Å", 200.0, 10, 2000, null),
                        new Param.Real("tau_fudge", "regularisation T", 2.0, 0.1, 100, null),
                        new Param.Int("threads", "threads", 4L, 1, 256)),
                List.of(new InputSlot("particles", SlotType.PARTICLES)),
                List.of(new OutputSlot("classes", SlotType.CLASSES_2D, "run_classes.star")));
    }

    @Override
    public List<String> arguments(JobContext c) {
        Parameters p = c.parameters();
        return List.of(
                "--i",
                c.input("particles"),
                "--o",
                c.output() + "run",
                "--K",
                p.text("classes"),
                "--iter",
                p.text("iterations"),
                "--particle_diameter",
                p.text("diameter"),
                "--tau2_fudge",
                p.text("tau_fudge"),
                "--j",
                p.text("threads"),
                "--ctf",
                "--zero_mask",
                "--flatten_solvent",
                "--dont_combine_weights_via_disc",
                "--pool",
                "3");
    }
}
