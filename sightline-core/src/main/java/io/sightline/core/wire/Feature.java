package io.sightline.core.wire;

/**
 * What a server can do beyond SmartEM's API, listed under {@code features} in its {@code GET /status}
 * answer; a client that does not find a feature there falls back to SmartEM's endpoints.
 */
public enum Feature implements WireName {
    /** Batched, idempotent {@code POST /api/v1/ingest}. */
    INGEST_V1("ingest-v1"),
    /**
     * {@code POST /api/v1/data-objects} takes files: advertised only when the server has a storage root,
     * so an agent does not send registrations a server must refuse (docs/data-objects.md).
     */
    DATA_OBJECTS_V1("data-objects-v1");

    private final String wireName;

    Feature(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }
}
