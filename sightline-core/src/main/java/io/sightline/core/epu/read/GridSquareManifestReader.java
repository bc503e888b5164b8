package io.sightline.core.epu.read;

import io.sightline.core.epu.model.GridSquareManifest;
import io.sightline.core.epu.path.EpuFile;
import java.nio.file.Path;

/** Reads a grid-square image manifest; the square id comes from the {@code GridSquare_<id>} folder. */
public final class GridSquareManifestReader extends XmlEpuReader<GridSquareManifest> {

    public GridSquareManifestReader(EpuXml xml) {
        super(xml);
    }

    public GridSquareManifestReader() {
        this(EpuXml.defaults());
    }

    @Override
    GridSquareManifest parse(XmlCursor c, Path file) throws EpuReadException {
        EpuFile.GridSquareManifestFile f = ManifestPaths.require(
                file,
                io.sightline.core.epu.path.EpuPathRules.GRID_SQUARE_MANIFEST,
                "grid-square manifest (Images-Disc<N>/GridSquare_<id>/GridSquare_<date>_<time>.xml)");
        MicroscopeImageParser.ImageFacts i = MicroscopeImageParser.parse(c);
        return new GridSquareManifest(
                f.squareId(),
                i.uniqueId(),
                i.acquisitionTime(),
                i.defocus(),
                i.magnification(),
                i.pixelSize(),
                i.detector(),
                i.instrument());
    }
}
