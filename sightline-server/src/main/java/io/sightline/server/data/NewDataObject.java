package io.sightline.server.data;

import java.util.List;

/**
 * A data object as a producer registers it: what the request said plus what the server found on disk.
 * {@code uid} is never null here (the server drew one when the request had none).
 */
public record NewDataObject(
        String uid,
        String kind,
        String session,
        String path,
        java.nio.file.Path serverPath,
        long size,
        java.time.Instant mtime,
        List<Integer> shape,
        String dtype,
        String format,
        String entityUuid,
        String checksum,
        String metadata,
        List<String> parents) {

    public NewDataObject {
        shape = shape == null ? null : List.copyOf(shape);
        parents = List.copyOf(parents);
    }

    /** Whether {@code other} registers the same file, kind and session. */
    boolean sameFileAs(NewDataObject other) {
        return other.kind.equals(kind) && other.session.equals(session) && other.serverPath.equals(serverPath);
    }

    /** Whether {@code existing} is this registration again (same uid, file, kind and session). */
    boolean sameAs(DataObject existing) {
        return existing.kind().equals(kind)
                && existing.session().equals(session)
                && existing.serverPath().equals(serverPath);
    }
}
