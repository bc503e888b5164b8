package io.sightline.server.persistence;

import java.util.Locale;

/** What an upsert did to one entity. */
public enum Outcome {
    CREATED,
    UPDATED,
    UNCHANGED,
    ERROR;

    /** Lower-case name as written in API answers. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
