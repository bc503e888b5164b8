package io.sightline.pipeline.jobtype;

import java.util.List;

/** CTF estimation: RELION's relion_run_ctffind. */
public final class CtfEstimation extends DeclaredJobType {
    public CtfEstimation() {
        super(
                "spa.ctf",
                "CTF estimation",
                JobCategory.EXTERNAL,
                false,
                "relion_run_ctffind",
                List.of(
                        new Param.Int("box", "FFT box size, pixels", 512L, 128, 2048),
                        new Param.Real("res_min", "lowest resolution fitted, Å", 30.0, 5, 100, null),
                        new Param.Real("res_max", "highest resolution fitted, Å", 5.0, 1, 30, null),
                        new Param.Real("defocus_min", "lowest defocus searched, Å", 5000.0, 0, 100000, null),
                        new Param.Real("defocus_max", "highest defocus searched, Å", 50000.0, 0, 200000, null),
                        new Param.Real("defocus_step", "defocus search step, Å", 500.0, 10, 5000, null),
                        CommonParams.ITEMS_PER_TASK),
                List.of(new InputSlot("micrographs", SlotType.CORRECTED_MICROGRAPHS)),
                List.of(new OutputSlot("micrographs", SlotType.CTF_MICROGRAPHS, "micrographs_ctf.star")));
    }

    @Override
    public boolean perItem() {
        return true;
    }

    @Override
    public List<String> arguments(JobContext c) {
        Parameters p = c.parameters();
        return List.of(
                "--i",
                c.input("micrographs"),
                "--o",
                c.output(),
                "--Box",
                p.text("box"),
                "--ResMin",
                p.text("res_min"),
                "--ResMax",
                p.text("res_max"),
                "--dFMin",
                p.text("defocus_min"),
                "--dFMax",
                p.text("defocus_max"),
                "--FStep",
                p.text("defocus_step"),
                "--only_do_unfinished");
    }
}
