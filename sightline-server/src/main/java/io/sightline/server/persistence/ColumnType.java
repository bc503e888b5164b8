package io.sightline.server.persistence;

/** The few value types the acquisition tables use; each maps one JSON type to one SQL type. */
public enum ColumnType {
    /** VARCHAR; Java {@link String}. */
    STRING,
    /** BIGINT; Java {@link Long}. */
    INTEGER,
    /** DOUBLE PRECISION; Java {@link Double}. */
    NUMBER,
    /** BOOLEAN; Java {@link Boolean}. */
    BOOLEAN,
    /** TIMESTAMP WITH TIME ZONE; Java {@link java.time.Instant}, truncated to microseconds like the databases. */
    TIMESTAMP
}
