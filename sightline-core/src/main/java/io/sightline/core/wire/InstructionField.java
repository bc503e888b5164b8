package io.sightline.core.wire;

import static io.sightline.core.wire.FieldSpec.id;
import static io.sightline.core.wire.FieldSpec.jsonObject;
import static io.sightline.core.wire.FieldSpec.oneOf;
import static io.sightline.core.wire.FieldSpec.real;
import static io.sightline.core.wire.FieldSpec.time;
import static io.sightline.core.wire.FieldSpec.uuid;
import static io.sightline.core.wire.FieldSpec.whole;

/**
 * The body that creates an instruction ({@code POST /agent/{agent_id}/session/{session_id}/instructions}).
 */
public enum InstructionField implements WireField {
    /** The sender's id, which makes the request repeatable. */
    INSTRUCTION_ID(uuid()),
    INSTRUCTION_TYPE(id().required()),
    PAYLOAD(jsonObject(FieldSpec.TEXT_LENGTH)),
    PRIORITY(oneOf(Priority.values())),
    SEQUENCE_NUMBER(whole()),
    /** A time to live: at least a millisecond, at most ten years (an instruction is not meant to outlive its session). */
    EXPIRES_IN_SECONDS(real(0.001, 10 * 365.25 * 24 * 3600)),
    EXPIRES_AT(time()),
    /**
     * SmartEM's debug endpoint's time to live: default 60 there, 0 (or null) for none, at most ten years as
     * {@link #EXPIRES_IN_SECONDS}.
     */
    EXPIRES_IN_MINUTES(real(0, 10 * 365.25 * 24 * 60)),
    MAX_RETRIES(whole(0, 1000));

    private final FieldSpec spec;

    InstructionField(FieldSpec spec) {
        this.spec = WireField.named(this, spec);
    }

    @Override
    public FieldSpec spec() {
        return spec;
    }
}
