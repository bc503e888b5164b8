package io.sightline.core.epu.read;

import io.sightline.core.epu.model.FoilHoleManifest;
import io.sightline.core.epu.path.EpuFile;
import java.nio.file.Path;

/** Reads a foil-hole image manifest; hole and square ids come from the path, the centring from
 * {@code FindFoilHoleCenterResults}. */
public final class FoilHoleManifestReader extends XmlEpuReader<FoilHoleManifest> {

    public FoilHoleManifestReader(EpuXml xml) {
        super(xml);
    }

    public FoilHoleManifestReader() {
        this(EpuXml.defaults());
    }

    @Override
    FoilHoleManifest parse(XmlCursor c, Path file) throws EpuReadException {
        EpuFile.FoilHoleManifestFile f = ManifestPaths.require(
                file,
                io.sightline.core.epu.path.EpuPathRules.FOIL_HOLE_MANIFEST,
                "foil-hole manifest (GridSquare_<id>/FoilHoles/FoilHole_<id>_<date>_<time>.xml)");
        MicroscopeImageParser.ImageFacts i = MicroscopeImageParser.parse(c);
        MicroscopeImageParser.HoleCentre h = i.holeCentre();
        return new FoilHoleManifest(
                f.holeId(),
                f.squareId(),
                i.uniqueId(),
                i.acquisitionTime(),
                h == null ? null : h.center(),
                h == null ? null : h.size(),
                h == null ? null : h.quality(),
                h == null ? null : h.rotation(),
                i.defocus(),
                i.pixelSize());
    }
}
