package io.sightline.simulate.recording;

import java.util.Arrays;
import java.util.Optional;

/** The event types of an epuplayer recording, with their wire names. */
public enum EventType {
    INITIAL_DIR("initial_dir"),
    INITIAL_FILE("initial_file"),
    CREATED("created"),
    MODIFIED("modified"),
    DELETED("deleted"),
    MOVED("moved"),
    APPENDED("appended"),
    TRUNCATED("truncated");

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<EventType> fromWireName(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst();
    }
}
