package io.sightline.server.persistence;

/**
 * A request the data could not honour because of what the caller sent. The API maps each subtype to
 * one status code; nothing here is a server fault.
 */
public abstract sealed class DataException extends RuntimeException
        permits DataException.NotFound, DataException.Conflict, DataException.Invalid {

    private DataException(String message) {
        super(message);
    }

    /** A referenced entity (the target or a parent) does not exist. */
    public static final class NotFound extends DataException {
        public NotFound(String message) {
            super(message);
        }

        public static NotFound of(EntityKind kind, String uuid) {
            return new NotFound(kind.wireName() + " " + uuid + " does not exist");
        }
    }

    /** The natural key is already taken by another entity within the same parent. */
    public static final class Conflict extends DataException {
        private final String existingUuid;

        public Conflict(String message, String existingUuid) {
            super(message);
            this.existingUuid = existingUuid;
        }

        /** The uuid of the entity that holds the natural key. */
        public String existingUuid() {
            return existingUuid;
        }
    }

    /** A field is missing or has a value the column cannot hold. */
    public static final class Invalid extends DataException {
        private final String field;

        public Invalid(String field, String message) {
            super(message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }
}
