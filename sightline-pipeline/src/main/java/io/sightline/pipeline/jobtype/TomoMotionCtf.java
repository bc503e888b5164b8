package io.sightline.pipeline.jobtype;

import java.util.List;

/** Motion and CTF (tilt movies): WarpTools' WarpTools fs_motion_and_ctf. */
public final class TomoMotionCtf extends DeclaredJobType {
    public TomoMotionCtf() {
        super(
                "tomo.motion_ctf",
                "Motion and CTF (tilt movies)",
                JobCategory.EXTERNAL,
                true,
                "WarpTools",
                List.of(
                        new Param.Text("m_grid", "motion grid", "1x1x3", 32),
                        new Param.Real("m_bfac", "motion B-factor", -500.0, -5000, 0, null),
                        new Param.Int("c_window", "CTF window, pixels", 512L, 128, 2048),
                        new Param.Real("c_defocus_min", "lowest defocus, µm", 1.1, 0, 20, null),
                        new Param.Real("c_defocus_max", "highest defocus, µm", 8.0, 0, 20, null),
                        CommonParams.PER_DEVICE),
                List.of(new InputSlot("tilt_series", SlotType.TILT_SERIES)),
                List.of(new OutputSlot("tilt_series", SlotType.MOTION_CTF_TILT_SERIES, "fs_motion_and_ctf.star")));
    }

    @Override
    public List<String> arguments(JobContext c) {
        Parameters p = c.parameters();
        return List.of(
                "fs_motion_and_ctf",
                "--input_star",
                c.input("tilt_series"),
                "--output",
                c.output(),
                "--m_grid",
                p.text("m_grid"),
                "--m_bfac",
                p.text("m_bfac"),
                "--c_window",
                p.text("c_window"),
                "--c_defocus_min",
                p.text("c_defocus_min"),
                "--c_defocus_max",
                p.text("c_defocus_max"),
                "--perdevice",
                p.text("perdevice"),
                "--out_averages",
                "--out_average_halves");
    }
}
