package io.sightline.server.persistence;

import java.util.Objects;

/**
 * The result of one {@link Upsert}.
 *
 * @param outcome created, updated, unchanged or error
 * @param entity the stored entity after the upsert; null on error
 * @param error why it failed; null unless the outcome is {@link Outcome#ERROR}
 */
public record UpsertResult(Outcome outcome, Entity entity, DataException error) {

    public UpsertResult {
        Objects.requireNonNull(outcome, "outcome");
        if ((outcome == Outcome.ERROR) != (error != null)) {
            throw new IllegalArgumentException("an error result needs an error, and only it");
        }
    }

    static UpsertResult failed(DataException error) {
        return new UpsertResult(Outcome.ERROR, null, error);
    }

    /** The entity, or the typed error this result carries. */
    public Entity orThrow() {
        if (error != null) {
            throw error;
        }
        return entity;
    }
}
