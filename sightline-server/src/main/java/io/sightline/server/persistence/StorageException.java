package io.sightline.server.persistence;

/** The database failed (unreachable, broken SQL): a server fault, not the caller's mistake. */
public final class StorageException extends RuntimeException {
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
