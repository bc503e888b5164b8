package io.sightline.core.epu.dir;

import java.nio.file.Path;

/**
 * A child whose parent is not known (yet): kept in the model and reported here, never dropped. EPU
 * writes micrographs of holes whose manifest has not appeared, or never will in a partial copy.
 *
 * @param kind        {@code micrograph} or {@code foil-hole}
 * @param id          the child's natural id (micrograph uniqueID or foil-hole id)
 * @param file        the file it came from
 * @param parentKind  {@code foil-hole} or {@code grid-square}
 * @param parentId    the missing parent's id
 */
public record Pending(String kind, String id, Path file, String parentKind, long parentId) {}
