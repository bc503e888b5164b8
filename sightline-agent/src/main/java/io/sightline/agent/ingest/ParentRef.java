package io.sightline.agent.ingest;

/**
 * What a waiting child needs: a parent of {@code type} ({@code grid}, {@code gridsquare}, {@code foilhole},
 * or {@code atlas-link} for an atlas no session names yet) with {@code id} (its uuid, or the atlas file's path).
 */
public record ParentRef(String type, String id) {
    public static final String ATLAS_LINK = io.sightline.core.epu.kind.Entities.ATLAS_LINK;

    @Override
    public String toString() {
        return type + " " + id;
    }
}
