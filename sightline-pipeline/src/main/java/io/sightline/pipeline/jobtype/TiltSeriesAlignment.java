package io.sightline.pipeline.jobtype;

import java.util.List;

/** Tilt-series alignment: WarpTools' ts_aretomo or ts_etomo_patches. */
public final class TiltSeriesAlignment extends DeclaredJobType {
    public TiltSeriesAlignment() {
        super(
                "tomo.align",
                "Tilt-series alignment",
                JobCategory.EXTERNAL,
                true,
                "WarpTools",
                List.of(
                        new Param.Choice("method", "alignment program", "AreTomo", List.of("AreTomo", "IMOD")),
                        CommonParams.RESCALE_ANGPIX,
                        new Param.Real("sample_thickness_nm", "sample thickness, nm", 180.0, 50, 1000, null),
                        new Param.Int("patch_x", "AreTomo patches along X (0: none)", 0L, 0, 20),
                        new Param.Int("patch_y", "AreTomo patches along Y (0: none)", 0L, 0, 20),
                        CommonParams.PER_DEVICE),
                List.of(new InputSlot("tilt_series", SlotType.MOTION_CTF_TILT_SERIES)),
                List.of(new OutputSlot("tilt_series", SlotType.ALIGNED_TILT_SERIES, "aligned_tilt_series.star")));
    }

    @Override
    public List<String> arguments(JobContext c) {
        Parameters p = c.parameters();
        return List.of(
                p.text("method").equals("IMOD") ? "ts_etomo_patches" : "ts_aretomo",
                "--input_star",
                c.input("tilt_series"),
                "--output",
                c.output(),
                "--angpix",
                p.text("rescale_angpixs"),
                "--alignz",
                p.text("sample_thickness_nm"),
                "--patches",
                p.text("patch_x") + "x" + p.text("patch_y"),
                "--perdevice",
                p.text("perdevice"));
    }
}
