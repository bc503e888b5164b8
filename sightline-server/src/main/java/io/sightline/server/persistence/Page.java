package io.sightline.server.persistence;

/** A window onto an ordered list: at most {@code limit} entities, after skipping {@code offset}. */
public record Page(int limit, long offset) {
    public Page {
        if (limit < 0 || offset < 0) {
            throw new IllegalArgumentException("limit and offset must not be negative: " + limit + ", " + offset);
        }
    }
}
