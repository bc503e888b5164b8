package io.sightline.agent.images;

/**
 * One data object to register, as the outbox keeps it: its uid and its registration body
 * ({@code POST /api/v1/data-objects}, docs/data-objects.md).
 */
public record DataObjectRegistration(String uid, String json) {
    /** The outbox entry type of a registration (beside the entity types' wire names). */
    public static final String OUTBOX_TYPE = "data_object";
}
