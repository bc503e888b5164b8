package io.sightline.pipeline.jobtype;

import java.util.List;

/** Tilt-series CTF: WarpTools' WarpTools ts_ctf. */
public final class TiltSeriesCtf extends DeclaredJobType {
    public TiltSeriesCtf() {
        super(
                "tomo.ctf",
                "Tilt-series CTF",
                JobCategory.EXTERNAL,
                true,
                "WarpTools",
                List.of(
                        new Param.Int("window", "CTF window, pixels", 512L, 128, 2048),
                        new Param.Real("range_min", "lowest resolution fitted, Å", 30.0, 5, 100, null),
                        new Param.Real("range_max", "highest resolution fitted, Å", 6.0, 1, 30, null),
                        new Param.Choice(
                                "defocus_hand",
                                "defocus handedness",
                                "set_flip",
                                List.of("set_flip", "set_noflip", "check")),
                        CommonParams.PER_DEVICE),
                List.of(new InputSlot("tilt_series", SlotType.ALIGNED_TILT_SERIES)),
                List.of(new OutputSlot("tilt_series", SlotType.CTF_TILT_SERIES, "ts_ctf_tilt_series.star")));
    }

    @Override
    public List<String> arguments(JobContext c) {
        Parameters p = c.parameters();
        return List.of(
                "ts_ctf",
                "--input_star",
                c.input("tilt_series"),
                "--output",
                c.output(),
                "--window",
                p.text("window"),
                "--range_low",
                p.text("range_min"),
                "--range_high",
                p.text("range_max"),
                "--defocus_hand",
                p.text("defocus_hand"),
                "--perdevice",
                p.text("perdevice"));
    }
}
