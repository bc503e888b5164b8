package io.sightline.pipeline.jobtype;

/**
 * What flows along an edge of a pipeline: one kind of RELION STAR file (or folder). An input slot accepts
 * exactly one slot type, so wiring is checked by type and not by file name.
 */
public enum SlotType {
    MOVIES("MicrographMovieGroupMetadata.star.relion"),
    CORRECTED_MICROGRAPHS("MicrographGroupMetadata.star.relion.motioncorr"),
    CTF_MICROGRAPHS("MicrographGroupMetadata.star.relion.ctf"),
    COORDINATES("MicrographCoordsGroup.star.relion.autopick"),
    PARTICLES("ParticleGroupMetadata.star.relion.extract"),
    CLASSES_2D("OptimiserData.star.relion.class2d"),
    TILT_SERIES("TomogramGroupMetadata.star.relion.tomo.import"),
    MOTION_CTF_TILT_SERIES("TomogramGroupMetadata.star.relion.tomo.motionctf"),
    ALIGNED_TILT_SERIES("TomogramGroupMetadata.star.relion.tomo.aligntiltseries"),
    CTF_TILT_SERIES("TomogramGroupMetadata.star.relion.tomo.ctf"),
    TOMOGRAMS("TomogramGroupMetadata.star.relion.tomo.reconstruct");

    private final String relionNodeType;

    SlotType(String relionNodeType) {
        this.relionNodeType = relionNodeType;
    }

    /** The node type label RELION 4+ writes in {@code default_pipeline.star} for such a file. */
    public String relionNodeType() {
        return relionNodeType;
    }
}
