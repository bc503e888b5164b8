package io.sightline.core.epu.read;

import io.sightline.core.epu.path.EpuFile;
import io.sightline.core.epu.path.EpuPath;
import io.sightline.core.epu.path.PathRule;
import java.nio.file.Path;

/** Manifests keep their ids in the path (folder and file name), not in the XML. */
final class ManifestPaths {
    private ManifestPaths() {}

    static <F extends EpuFile> F require(Path file, PathRule<F> rule, String shape) throws EpuReadException {
        F f = rule.match(EpuPath.of(file.toString()));
        if (f == null) {
            throw new EpuReadException.Unsupported(
                    file, -1, -1, "path does not name a " + shape + "; the ids are taken from it", null);
        }
        return f;
    }
}
