package io.sightline.core.wire;

import static io.sightline.core.wire.FieldSpec.flag;
import static io.sightline.core.wire.FieldSpec.id;

/**
 * What processing reports about a micrograph on SmartEM's processing endpoints: quality verdicts
 * ({@code POST /micrographs/{uuid}/{stage}/registered}) and the results of motion correction and CTF
 * estimation ({@code .../motion_correction/completed}, {@code .../ctf_estimation/completed}, which names the
 * estimate {@code ctf_max_res}). Results have the limits of the micrograph fields they update.
 */
public enum MicrographFeedbackField implements WireField {
    METRIC_NAME(id()),
    QUALITY(flag().required()),
    /** The micrograph's {@code total_motion}, required here. */
    TOTAL_MOTION(MicrographField.TOTAL_MOTION.spec().required()),
    /** The micrograph's {@code average_motion}, required here. */
    AVERAGE_MOTION(MicrographField.AVERAGE_MOTION.spec().required()),
    /** The micrograph's {@code ctf_max_resolution_estimate}. */
    CTF_MAX_RES(MicrographField.CTF_MAX_RESOLUTION_ESTIMATE.spec().required());

    private final FieldSpec spec;

    MicrographFeedbackField(FieldSpec spec) {
        this.spec = WireField.named(this, spec);
    }

    @Override
    public FieldSpec spec() {
        return spec;
    }
}
