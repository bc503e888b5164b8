package io.sightline.core.epu.read;

import io.sightline.core.epu.model.MicrographManifest;
import io.sightline.core.epu.path.EpuFile;
import java.nio.file.Path;

/** Reads a micrograph manifest; identity is its {@code uniqueID}, hole/square/location ids come from the path. */
public final class MicrographManifestReader extends XmlEpuReader<MicrographManifest> {

    public MicrographManifestReader(EpuXml xml) {
        super(xml);
    }

    public MicrographManifestReader() {
        this(EpuXml.defaults());
    }

    @Override
    MicrographManifest parse(XmlCursor c, Path file) throws EpuReadException {
        EpuFile.MicrographManifestFile f = ManifestPaths.require(
                file,
                io.sightline.core.epu.path.EpuPathRules.MICROGRAPH_MANIFEST,
                "micrograph manifest (GridSquare_<id>/Data/FoilHole_<id>_Data_<location>_<n>_<date>_<time>.xml)");
        MicroscopeImageParser.ImageFacts i = MicroscopeImageParser.parse(c);
        return new MicrographManifest(
                i.uniqueId(),
                f.holeId(),
                f.squareId(),
                f.locationId(),
                i.acquisitionTime(),
                i.camera(),
                i.readoutWidth(),
                i.readoutHeight(),
                i.binning(),
                i.defocus(),
                i.appliedDefocus(),
                i.energyFilter(),
                i.phasePlate(),
                i.detector(),
                i.instrument(),
                i.dose(),
                i.doseRate(),
                i.exposureTime(),
                i.pixelSize(),
                i.magnification());
    }
}
