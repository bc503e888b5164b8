package io.sightline.core.epu.read;

import io.sightline.core.epu.model.EpuSession;
import java.nio.file.Path;
import java.time.Instant;

/** Reads {@code EpuSession.dm} (root {@code EpuSessionXml}). Only the root's own children count: nested
 * {@code Id}s and {@code StartDateTime}s belong to samples and settings. */
public final class EpuSessionReader extends XmlEpuReader<EpuSession> {

    public EpuSessionReader(EpuXml xml) {
        super(xml);
    }

    public EpuSessionReader() {
        this(EpuXml.defaults());
    }

    @Override
    EpuSession parse(XmlCursor c, Path file) throws EpuReadException {
        c.root(Ns.EPU, "EpuSessionXml");
        Long id = null;
        String name = null;
        Instant start = null;
        String clusteringMode = null;
        Double clusteringRadius = null;
        String atlas = null;
        String storage = null;
        int d = c.depth();
        while (c.child(d)) {
            if (c.is(Ns.COMMON, "Id")) {
                id = c.optLong();
            } else if (c.is(Ns.EPU, "Name")) {
                name = c.optText();
            } else if (c.is(Ns.EPU, "StartDateTime")) {
                start = c.optInstant();
            } else if (c.is(Ns.EPU, "ClusteringMode")) {
                clusteringMode = c.optText();
            } else if (c.is(Ns.EPU, "ClusteringRadius")) {
                clusteringRadius = c.optDouble();
            } else if (c.is(Ns.EPU, "Samples")) {
                atlas = firstItemField(c, "SampleXml", "AtlasId");
            } else if (c.is(Ns.EPU, "StorageFolders")) {
                storage = firstItemField(c, "StorageFolderXml", "Path");
            }
        }
        if (id == null) {
            throw c.unsupported("session has no <Id> under its root", null);
        }
        return new EpuSession(id, name, start, clusteringMode, clusteringRadius, atlas, storage);
    }

    /** {@code <list><_items><item>...<field>} of the first non-nil item that has the field. */
    private static String firstItemField(XmlCursor c, String item, String field) throws EpuReadException {
        String found = null;
        int d = c.depth();
        while (c.child(d)) {
            if (!c.is(Ns.EPU, "_items")) {
                continue;
            }
            int items = c.depth();
            while (c.child(items)) {
                if (found != null || !c.is(Ns.EPU, item) || c.isNil()) {
                    continue;
                }
                int fields = c.depth();
                while (c.child(fields)) {
                    if (c.is(Ns.EPU, field)) {
                        found = c.optText();
                    }
                }
            }
        }
        return found;
    }
}
