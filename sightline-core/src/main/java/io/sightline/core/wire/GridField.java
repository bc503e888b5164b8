package io.sightline.core.wire;

import static io.sightline.core.wire.FieldSpec.humanName;
import static io.sightline.core.wire.FieldSpec.oneOf;
import static io.sightline.core.wire.FieldSpec.path;
import static io.sightline.core.wire.FieldSpec.time;
import static io.sightline.core.wire.FieldSpec.uuid;

/** The fields of a grid (one EPU session, {@code EpuSession.dm}, within a visit). */
public enum GridField implements WireField {
    ACQUISITION_UUID(uuid().required()),
    NAME(humanName().required()),
    STATUS(oneOf(
                    "none",
                    "scan started",
                    "scan completed",
                    "grid squares decision started",
                    "grid squares decision completed")
            .notFromAgent(FieldSpec.WORKFLOW)),
    DATA_DIR(path()),
    ATLAS_DIR(path()),
    SCAN_START_TIME(time()),
    SCAN_END_TIME(time().notFromAgent("EPU's session file records when a session started, never when it ended"));

    private final FieldSpec spec;

    GridField(FieldSpec spec) {
        this.spec = WireField.named(this, spec);
    }

    @Override
    public FieldSpec spec() {
        return spec;
    }
}
