package io.sightline.core.epu.read;

import io.sightline.core.epu.path.EpuFile;
import io.sightline.core.epu.path.EpuPathClassifier;
import java.nio.file.Path;

/** Manifests keep their ids in the path (folder and file name), not in the XML. */
final class ManifestPaths {
    private ManifestPaths() {}

    private static final EpuPathClassifier CLASSIFIER = new EpuPathClassifier();

    static <F extends EpuFile> F require(Path file, Class<F> kind, String shape) throws EpuReadException {
        return CLASSIFIER
                .classify(file)
                .filter(kind::isInstance)
                .map(kind::cast)
                .orElseThrow(() -> new EpuReadException.Unsupported(
                        file, -1, -1, "path does not name a " + shape + "; the ids are taken from it", null));
    }
}
