package io.sightline.core.wire;

import static io.sightline.core.wire.FieldSpec.humanName;
import static io.sightline.core.wire.FieldSpec.id;
import static io.sightline.core.wire.FieldSpec.jsonObject;
import static io.sightline.core.wire.FieldSpec.uuid;

/**
 * The body of {@code POST /agent/{agent_id}/sessions} (and of SmartEM's {@code /debug/sessions/create}, which
 * also names the agent and may call the metadata {@code experimental_parameters}).
 */
public enum SessionField implements WireField {
    /** The agent's name (a path segment, or a body field in the debug endpoints). */
    AGENT_ID(id().required()),
    /** The session's id when the caller chooses it (SmartEM's debug endpoints); otherwise the server's UUID. */
    SESSION_ID(uuid()),
    NAME(humanName()),
    ACQUISITION_UUID(uuid()),
    METADATA(jsonObject(FieldSpec.TEXT_LENGTH)),
    EXPERIMENTAL_PARAMETERS(jsonObject(FieldSpec.TEXT_LENGTH));

    private final FieldSpec spec;

    SessionField(FieldSpec spec) {
        this.spec = WireField.named(this, spec);
    }

    @Override
    public FieldSpec spec() {
        return spec;
    }
}
