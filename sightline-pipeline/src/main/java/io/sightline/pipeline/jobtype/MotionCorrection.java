package io.sightline.pipeline.jobtype;

import java.util.List;

/** Motion correction: RELION's relion_run_motioncorr. */
public final class MotionCorrection extends DeclaredJobType {
    public MotionCorrection() {
        super(
                "spa.motioncorr",
                "Motion correction",
                JobCategory.EXTERNAL,
                false,
                "relion_run_motioncorr",
                List.of(
                        CommonParams.DOSE_PER_FRAME,
                        new Param.Int("patch_x", "patches along X", 5L, 1, 20),
                        new Param.Int("patch_y", "patches along Y", 5L, 1, 20),
                        new Param.Real("bfactor", "B-factor, Å²", 150.0, 0, 2000, null),
                        new Param.Real("bin_factor", "binning of the sums", 1.0, 1, 8, null),
                        CommonParams.ITEMS_PER_TASK),
                List.of(new InputSlot("movies", SlotType.MOVIES)),
                List.of(new OutputSlot("micrographs", SlotType.CORRECTED_MICROGRAPHS, "corrected_micrographs.star")));
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
                c.input("movies"),
                "--o",
                c.output(),
                "--use_own",
                "--dose_per_frame",
                p.text("dose_per_frame"),
                "--patch_x",
                p.text("patch_x"),
                "--patch_y",
                p.text("patch_y"),
                "--bfactor",
                p.text("bfactor"),
                "--bin_factor",
                p.text("bin_factor"),
                "--dose_weighting",
                "--only_do_unfinished");
    }
}
