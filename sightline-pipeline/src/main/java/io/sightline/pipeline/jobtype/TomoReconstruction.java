package io.sightline.pipeline.jobtype;

import java.util.List;

/** Tomogram reconstruction: WarpTools' WarpTools ts_reconstruct. */
public final class TomoReconstruction extends DeclaredJobType {
    public TomoReconstruction() {
        super(
                "tomo.reconstruct",
                "Tomogram reconstruction",
                JobCategory.EXTERNAL,
                true,
                "WarpTools",
                List.of(
                        CommonParams.RESCALE_ANGPIX,
                        new Param.Flag("halfmaps", "reconstruct half maps for denoising", true),
                        new Param.Flag("deconvolve", "deconvolve the tomograms", true),
                        CommonParams.PER_DEVICE),
                List.of(new InputSlot("tilt_series", SlotType.CTF_TILT_SERIES)),
                List.of(new OutputSlot("tomograms", SlotType.TOMOGRAMS, "tomograms.star")));
    }

    @Override
    public List<String> arguments(JobContext c) {
        Parameters p = c.parameters();
        return List.of(
                "ts_reconstruct",
                "--input_star",
                c.input("tilt_series"),
                "--output",
                c.output(),
                "--angpix",
                p.text("rescale_angpixs"),
                p.flag("halfmaps") ? "--halfmap_frames" : "--no_halfmaps",
                p.flag("deconvolve") ? "--deconv" : "--no_deconv",
                "--perdevice",
                p.text("perdevice"));
    }
}
