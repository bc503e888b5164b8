package io.sightline.pipeline.jobtype;

import java.util.Objects;

/** An output of a job type: a name, its slot type and the file it is, relative to the job directory. */
public record OutputSlot(String name, SlotType type, String file) {
    public OutputSlot {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(file, "file");
    }
}
