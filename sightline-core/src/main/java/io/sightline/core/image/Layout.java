package io.sightline.core.image;

import com.fasterxml.jackson.annotation.JsonValue;

/** What the pages of a file are to each other; it decides whether a projection over them means anything. */
public enum Layout {
    /** One plane. */
    IMAGE("image"),
    /** Independent images of the same size (an MRC stack with {@code ispg} 0, a multi-page TIFF, movie frames). */
    STACK("stack"),
    /** Sections of one volume, in order along z. */
    VOLUME("volume"),
    /** Several volumes one after the other (MRC {@code ispg} 401-630), {@code nz / mz} of them. */
    VOLUME_STACK("volume-stack");

    private final String json;

    Layout(String json) {
        this.json = json;
    }

    @JsonValue
    public String json() {
        return json;
    }

    @Override
    public String toString() {
        return json;
    }
}
