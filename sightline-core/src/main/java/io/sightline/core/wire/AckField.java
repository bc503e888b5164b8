package io.sightline.core.wire;

import static io.sightline.core.wire.FieldSpec.oneOf;
import static io.sightline.core.wire.FieldSpec.text;
import static io.sightline.core.wire.FieldSpec.time;
import static io.sightline.core.wire.FieldSpec.whole;

/**
 * The body of an acknowledgement ({@code AgentInstructionAcknowledgement}, no other fields allowed).
 * {@code result} is a string on the wire, so a handler's JSON result travels serialised.
 */
public enum AckField implements WireField {
    STATUS(oneOf(AckStatus.values()).required()),
    RESULT(text(FieldSpec.TEXT_LENGTH)),
    ERROR_MESSAGE(text(FieldSpec.TEXT_LENGTH)),
    PROCESSING_TIME_MS(whole(0, Long.MAX_VALUE)),
    PROCESSED_AT(time());

    private final FieldSpec spec;

    AckField(FieldSpec spec) {
        this.spec = WireField.named(this, spec);
    }

    @Override
    public FieldSpec spec() {
        return spec;
    }
}
