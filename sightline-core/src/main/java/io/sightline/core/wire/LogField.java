package io.sightline.core.wire;

import static io.sightline.core.wire.FieldSpec.text;
import static io.sightline.core.wire.FieldSpec.time;

/**
 * One entry of an agent's log batch ({@code AgentLogEntry} in {@code POST .../logs}). The agent fits its
 * records to these limits before it ships them (a log line is better shortened than lost).
 */
public enum LogField implements WireField {
    TIMESTAMP(time().required()),
    /** Free text, not a closed set: Python agents say {@code WARNING} and {@code CRITICAL}, Java ones {@code WARN}. */
    LEVEL(text(20).required()),
    LOGGER_NAME(text(500).required()),
    MESSAGE(text(FieldSpec.TEXT_LENGTH).required());

    private final FieldSpec spec;

    LogField(FieldSpec spec) {
        this.spec = WireField.named(this, spec);
    }

    @Override
    public FieldSpec spec() {
        return spec;
    }
}
