package io.sightline.core.epu.read;

import io.sightline.core.epu.model.Atlas;
import io.sightline.core.epu.model.AtlasSquarePosition;
import io.sightline.core.epu.model.AtlasTile;
import io.sightline.core.epu.model.PhysicalRect;
import io.sightline.core.epu.model.PixelPoint;
import io.sightline.core.epu.model.PixelRect;
import io.sightline.core.epu.model.PixelSize;
import io.sightline.core.epu.model.TilePosition;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code Atlas/Atlas.dm} (root {@code AtlasSessionXml}). The atlas session id is the root's own
 * {@code Id}: tiles, nodes and tile positions carry their own further down. Grid squares come from each
 * tile's {@code Nodes} dictionary; a square listed under several tiles becomes one
 * {@link AtlasSquarePosition} whose tile positions are the union over the tiles.
 */
public final class AtlasReader extends XmlEpuReader<Atlas> {

    public AtlasReader(EpuXml xml) {
        super(xml);
    }

    public AtlasReader() {
        this(EpuXml.defaults());
    }

    @Override
    Atlas parse(XmlCursor c, Path file) throws EpuReadException {
        c.root(Ns.ATLAS, "AtlasSessionXml");
        Long id = null;
        String name = null;
        String description = null;
        String storage = null;
        OffsetDateTime acquired = null;
        List<AtlasTile> tiles = new ArrayList<>();
        Map<Long, SquareBuilder> squares = new LinkedHashMap<>();
        int d = c.depth();
        while (c.child(d)) {
            if (c.is(Ns.COMMON, "Id")) {
                id = c.optLong();
            } else if (c.is(Ns.ATLAS, "Name")) {
                name = c.optText();
            } else if (c.is(Ns.ATLAS, "Description")) {
                description = c.optText();
            } else if (c.is(Ns.ATLAS, "StorageFolder")) {
                storage = c.optText();
            } else if (c.is(Ns.ATLAS, "Atlas")) {
                int a = c.depth();
                while (c.child(a)) {
                    if (c.is(Ns.ATLAS, "AcquisitionDateTime")) {
                        acquired = c.optDateTime();
                    } else if (c.is(Ns.ATLAS, "TilesEfficient")) {
                        tiles(c, tiles, squares);
                    }
                }
            }
        }
        if (id == null) {
            throw c.unsupported("atlas session has no <Id> under its root", null);
        }
        List<AtlasSquarePosition> positions = new ArrayList<>(squares.size());
        for (SquareBuilder b : squares.values()) {
            positions.add(b.build());
        }
        return new Atlas(id, name, description, storage, acquired, tiles, positions);
    }

    private static void tiles(XmlCursor c, List<AtlasTile> tiles, Map<Long, SquareBuilder> squares)
            throws EpuReadException {
        int d = c.depth();
        while (c.child(d)) {
            if (!c.is(Ns.ATLAS, "_items")) {
                continue;
            }
            int items = c.depth();
            while (c.child(items)) {
                if (c.is(Ns.ATLAS, "TileXml") && !c.isNil()) {
                    AtlasTile t = tile(c, squares);
                    if (t != null) {
                        tiles.add(t);
                    }
                }
            }
        }
    }

    private static AtlasTile tile(XmlCursor c, Map<Long, SquareBuilder> squares) throws EpuReadException {
        Long id = null;
        PixelRect position = null;
        String base = null;
        String format = null;
        int d = c.depth();
        while (c.child(d)) {
            if (c.is(Ns.COMMON, "Id")) {
                id = c.optLong();
            } else if (c.is(Ns.ATLAS, "AtlasPixelPosition")) {
                position = Shapes.pixelRect(c);
            } else if (c.is(Ns.ATLAS, "Nodes")) {
                nodes(c, squares);
            } else if (c.is(Ns.ATLAS, "TileImageReference")) {
                int r = c.depth();
                while (c.child(r)) {
                    if (c.is(Ns.COMMON, "BaseFileName")) {
                        base = c.optText();
                    } else if (c.is(Ns.COMMON, "FileFormat")) {
                        format = c.optText();
                    }
                }
            }
        }
        // A tile without an id is a placeholder EPU has not filled yet; FORMAT.md counts only tiles with one.
        return id == null ? null : new AtlasTile(id, position, base, format);
    }

    private static void nodes(XmlCursor c, Map<Long, SquareBuilder> squares) throws EpuReadException {
        int d = c.depth();
        while (c.child(d)) {
            if (!c.is(Ns.NONE, "KeyValuePairs")) {
                continue;
            }
            int pairs = c.depth();
            while (c.child(pairs)) {
                if (c.startsWith(Ns.GENERIC, "KeyValuePairOfintNodeXml")) {
                    pair(c, squares);
                }
            }
        }
    }

    private static void pair(XmlCursor c, Map<Long, SquareBuilder> squares) throws EpuReadException {
        Long key = null;
        SquareBuilder value = null;
        int d = c.depth();
        while (c.child(d)) {
            if (c.is(Ns.GENERIC, "key")) {
                key = c.optLong();
            } else if (c.is(Ns.GENERIC, "value") && !c.isNil()) {
                value = node(c);
            }
        }
        if (key == null) {
            throw c.unsupported("atlas node pair without a <key>", null);
        }
        if (value == null) {
            value = new SquareBuilder();
        }
        SquareBuilder existing = squares.get(key);
        if (existing == null) {
            value.id = key;
            squares.put(key, value);
        } else {
            existing.mergeFrom(value);
        }
    }

    private static SquareBuilder node(XmlCursor c) throws EpuReadException {
        SquareBuilder b = new SquareBuilder();
        int d = c.depth();
        while (c.child(d)) {
            if (c.is(Ns.ATLAS, "PositionOnTheAtlas") && !c.isNil()) {
                Position p = position(c);
                b.center = p.center;
                b.size = p.size;
                b.rotation = p.rotation;
                b.physical = p.physical;
            } else if (c.is(Ns.ATLAS, "TilePositions")) {
                tilePositions(c, b.tilePositions);
            }
        }
        return b;
    }

    private static void tilePositions(XmlCursor c, Map<Long, TilePosition> out) throws EpuReadException {
        int d = c.depth();
        while (c.child(d)) {
            if (!c.is(Ns.ATLAS, "_items")) {
                continue;
            }
            int items = c.depth();
            while (c.child(items)) {
                if (!c.is(Ns.ATLAS, "TilePositionXml") || c.isNil()) {
                    continue;
                }
                Long tileId = null;
                PixelPoint center = null;
                PixelSize size = null;
                int f = c.depth();
                while (c.child(f)) {
                    if (c.is(Ns.ATLAS, "TileId")) {
                        tileId = c.optLong();
                    } else if (c.is(Ns.ATLAS, "NodePosition") && !c.isNil()) {
                        // Only the centre and size of a square on a tile are kept; its rotation, physical
                        // rectangle, quality and shear (most of the atlas's numbers) are not parsed.
                        int n = c.depth();
                        while (c.child(n)) {
                            if (c.is(Ns.ATLAS_MODEL, "Center")) {
                                center = Shapes.point(c);
                            } else if (c.is(Ns.ATLAS_MODEL, "Size")) {
                                size = Shapes.size(c);
                            }
                        }
                    }
                }
                if (tileId != null) {
                    out.putIfAbsent(tileId, new TilePosition(tileId, center, size));
                }
            }
        }
    }

    private record Position(PixelPoint center, PixelSize size, Double rotation, PhysicalRect physical) {}

    private static Position position(XmlCursor c) throws EpuReadException {
        PixelPoint center = null;
        PixelSize size = null;
        Double rotation = null;
        PhysicalRect physical = null;
        int d = c.depth();
        while (c.child(d)) {
            if (c.is(Ns.ATLAS_MODEL, "Center")) {
                center = Shapes.point(c);
            } else if (c.is(Ns.ATLAS_MODEL, "Size")) {
                size = Shapes.size(c);
            } else if (c.is(Ns.ATLAS_MODEL, "Rotation")) {
                rotation = c.optDouble();
            } else if (c.is(Ns.ATLAS_MODEL, "Physical")) {
                physical = Shapes.physicalRect(c);
            }
        }
        return new Position(center, size, rotation, physical);
    }

    /** Mutable only while one document is read; never escapes the reader. */
    private static final class SquareBuilder {
        long id;
        PixelPoint center;
        PixelSize size;
        Double rotation;
        PhysicalRect physical;
        final Map<Long, TilePosition> tilePositions = new LinkedHashMap<>();

        void mergeFrom(SquareBuilder other) {
            // The first tile's copy wins; later copies only fill what it lacked.
            center = center != null ? center : other.center;
            size = size != null ? size : other.size;
            rotation = rotation != null ? rotation : other.rotation;
            physical = physical != null ? physical : other.physical;
            other.tilePositions.forEach(tilePositions::putIfAbsent);
        }

        AtlasSquarePosition build() {
            return new AtlasSquarePosition(id, center, size, rotation, physical, List.copyOf(tilePositions.values()));
        }
    }
}
