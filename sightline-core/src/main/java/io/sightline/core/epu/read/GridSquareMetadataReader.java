package io.sightline.core.epu.read;

import io.sightline.core.epu.model.FoilHoleTarget;
import io.sightline.core.epu.model.GridSquareMetadata;
import io.sightline.core.epu.model.PixelPoint;
import io.sightline.core.epu.model.PixelSize;
import io.sightline.core.epu.model.StagePosition;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code Metadata/GridSquare_<id>.dm} (root {@code GridSquareXml}). A visited square's file is
 * MBs on one line, so it is streamed: foil-hole targets are built one dictionary pair at a time and the
 * large sub-trees nobody needs (particle acquisitions, shapes) are skipped without building anything.
 */
public final class GridSquareMetadataReader extends XmlEpuReader<GridSquareMetadata> {

    public GridSquareMetadataReader(EpuXml xml) {
        super(xml);
    }

    public GridSquareMetadataReader() {
        this(EpuXml.defaults());
    }

    @Override
    GridSquareMetadata parse(XmlCursor c, Path file) throws EpuReadException {
        c.root(Ns.EPU, "GridSquareXml");
        Long atlasNodeId = null;
        Long gridSquareId = null;
        Long ownId = null;
        StagePosition stage = null;
        String state = null;
        Boolean selected = null;
        Boolean unusable = null;
        Double rotation = null;
        String image = null;
        List<FoilHoleTarget> targets = new ArrayList<>();
        int d = c.depth();
        while (c.child(d)) {
            switch (c.localName()) {
                case "AtlasNodeId" -> atlasNodeId = c.is(Ns.EPU, "AtlasNodeId") ? c.optLong() : atlasNodeId;
                case "GridSquareId" -> gridSquareId = c.is(Ns.EPU, "GridSquareId") ? c.optLong() : gridSquareId;
                case "Id" -> ownId = c.is(Ns.COMMON, "Id") ? c.optLong() : ownId;
                case "Position" -> stage = c.is(Ns.EPU, "Position") ? Shapes.stage(c) : stage;
                case "State" -> state = c.is(Ns.EPU, "State") ? c.optText() : state;
                case "Selected" -> selected = c.is(Ns.EPU, "Selected") ? c.optBoolean() : selected;
                case "Unusable" -> unusable = c.is(Ns.EPU, "Unusable") ? c.optBoolean() : unusable;
                case "Rotation" -> rotation = c.is(Ns.EPU, "Rotation") ? c.optDouble() : rotation;
                case "GridSquareImagePath" -> image = c.is(Ns.EPU, "GridSquareImagePath") ? c.optText() : image;
                case "TargetLocations" -> {
                    if (c.is(Ns.EPU, "TargetLocations")) {
                        targetCollection(c, targets);
                    }
                }
                default -> {
                    // other square facts are not part of the model
                }
            }
        }
        Long id = atlasNodeId != null ? atlasNodeId : gridSquareId != null ? gridSquareId : ownId;
        if (id == null) {
            throw c.unsupported("grid square has neither <AtlasNodeId>, <GridSquareId> nor <Id>", null);
        }
        return new GridSquareMetadata(id, stage, state, selected, unusable, rotation, image, targets);
    }

    /** {@code TargetLocations/TargetLocationsEfficient/m_serializationArray/KeyValuePairOfintTargetLocation*}. */
    private static void targetCollection(XmlCursor c, List<FoilHoleTarget> out) throws EpuReadException {
        int d = c.depth();
        while (c.child(d)) {
            if (!c.is(Ns.EPU, "TargetLocationsEfficient") || c.isNil()) {
                continue;
            }
            int e = c.depth();
            while (c.child(e)) {
                if (!c.is(Ns.ARRAYS, "m_serializationArray")) {
                    continue;
                }
                int a = c.depth();
                while (c.child(a)) {
                    if (c.startsWith(Ns.GENERIC, "KeyValuePairOfintTargetLocation")) {
                        out.add(target(c));
                    }
                }
            }
        }
    }

    private static FoilHoleTarget target(XmlCursor c) throws EpuReadException {
        Long key = null;
        PixelPoint center = null;
        Double diameter = null;
        StagePosition stage = null;
        Boolean nearGridBar = null;
        String state = null;
        Boolean selected = null;
        String image = null;
        int d = c.depth();
        while (c.child(d)) {
            if (c.is(Ns.GENERIC, "key")) {
                key = c.optLong();
            } else if (c.is(Ns.GENERIC, "value") && !c.isNil()) {
                int v = c.depth();
                while (c.child(v)) {
                    if (!c.is(Ns.EPU, c.localName())) {
                        continue;
                    }
                    switch (c.localName()) {
                        case "PixelCenter" -> center = Shapes.point(c);
                        case "PixelWidthHeight" -> {
                            PixelSize s = Shapes.size(c);
                            diameter = s == null ? null : s.width();
                        }
                        case "StagePosition" -> stage = Shapes.stage(c);
                        case "IsNearGridBar" -> nearGridBar = c.optBoolean();
                        case "State" -> state = c.optText();
                        case "Selected" -> selected = c.optBoolean();
                        case "FoilHoleImagePath" -> image = c.optText();
                        default -> {
                            // particle acquisitions, filter properties and the like are skipped unread
                        }
                    }
                }
            }
        }
        if (key == null) {
            throw c.unsupported("foil-hole target pair without a <key>", null);
        }
        return new FoilHoleTarget(key, center, diameter, stage, nearGridBar, state, selected, image);
    }
}
