package io.sightline.pipeline.jobtype;

import java.util.Objects;

/** An input of a job type: a name (the option it fills) and the one slot type it accepts. */
public record InputSlot(String name, SlotType type) {
    public InputSlot {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }
}
