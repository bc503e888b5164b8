package io.sightline.core.wire;

import static io.sightline.core.wire.FieldSpec.real;
import static io.sightline.core.wire.FieldSpec.text;
import static io.sightline.core.wire.FieldSpec.whole;

/**
 * What a heartbeat may carry besides "alive" ({@code POST .../heartbeat}; docs/steering.md, "What a heartbeat
 * reports"): the agent's outbox figures. A body without any of them is a plain heartbeat (SmartEM's agents
 * send none); one with any must give the depth and the parked count.
 */
public enum HeartbeatField implements WireField {
    OUTBOX_DEPTH(whole(0, Long.MAX_VALUE).required()),
    OUTBOX_PARKED(whole(0, Long.MAX_VALUE).required()),
    /** Absent when nothing waits. */
    OUTBOX_OLDEST_UNDELIVERED_SECONDS(real(0, Double.MAX_VALUE)),
    /** The last change parked and why; the agent shortens it to fit. */
    OUTBOX_NEWEST_PARKED(text(2000));

    private final FieldSpec spec;

    HeartbeatField(FieldSpec spec) {
        this.spec = WireField.named(this, spec);
    }

    @Override
    public FieldSpec spec() {
        return spec;
    }
}
