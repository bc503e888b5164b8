package io.sightline.core.epu.read;

import io.sightline.core.epu.model.EpuRecord;
import io.sightline.core.epu.path.EpuFile;
import java.nio.file.Path;

/**
 * One reader per file kind, chosen by the classified path: the registry a watcher or directory walk uses
 * after {@link io.sightline.core.epu.path.EpuPathClassifier}. Immutable and thread-safe.
 */
public final class EpuReaders {

    private final EpuSessionReader session;
    private final AtlasReader atlas;
    private final GridSquareMetadataReader gridSquare;
    private final GridSquareManifestReader gridSquareManifest;
    private final FoilHoleManifestReader foilHoleManifest;
    private final MicrographManifestReader micrograph;

    public EpuReaders(EpuXml xml) {
        this.session = new EpuSessionReader(xml);
        this.atlas = new AtlasReader(xml);
        this.gridSquare = new GridSquareMetadataReader(xml);
        this.gridSquareManifest = new GridSquareManifestReader(xml);
        this.foilHoleManifest = new FoilHoleManifestReader(xml);
        this.micrograph = new MicrographManifestReader(xml);
    }

    public EpuReaders() {
        this(EpuXml.defaults());
    }

    /** Reads a classified file with the reader for its kind. */
    public EpuRecord read(EpuFile file) throws EpuReadException {
        Path p = Path.of(file.path());
        return switch (file) {
            case EpuFile.Session s -> session.read(p);
            case EpuFile.AtlasSession a -> atlas.read(p);
            case EpuFile.GridSquareMetadataFile g -> gridSquare.read(p);
            case EpuFile.GridSquareManifestFile g -> gridSquareManifest.read(p);
            case EpuFile.FoilHoleManifestFile f -> foilHoleManifest.read(p);
            case EpuFile.MicrographManifestFile m -> micrograph.read(p);
        };
    }

    public EpuSessionReader session() {
        return session;
    }

    public AtlasReader atlas() {
        return atlas;
    }

    public GridSquareMetadataReader gridSquare() {
        return gridSquare;
    }

    public GridSquareManifestReader gridSquareManifest() {
        return gridSquareManifest;
    }

    public FoilHoleManifestReader foilHoleManifest() {
        return foilHoleManifest;
    }

    public MicrographManifestReader micrograph() {
        return micrograph;
    }
}
