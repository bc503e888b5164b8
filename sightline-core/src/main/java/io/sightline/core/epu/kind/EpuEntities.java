package io.sightline.core.epu.kind;

import io.sightline.core.epu.model.Atlas;
import io.sightline.core.epu.model.AtlasSquarePosition;
import io.sightline.core.epu.model.AtlasTile;
import io.sightline.core.epu.model.EpuSession;
import io.sightline.core.epu.model.FoilHole;
import io.sightline.core.epu.model.FoilHoleManifest;
import io.sightline.core.epu.model.FoilHoleTarget;
import io.sightline.core.epu.model.GridSquareManifest;
import io.sightline.core.epu.model.GridSquareMetadata;
import io.sightline.core.epu.model.MicrographManifest;
import io.sightline.core.epu.model.TilePosition;
import io.sightline.core.epu.path.EpuFile;
import io.sightline.core.epu.read.FoilHoleMerge;
import io.sightline.core.ids.EntityUuids;
import io.sightline.core.wire.AtlasField;
import io.sightline.core.wire.AtlasTileField;
import io.sightline.core.wire.EntityType;
import io.sightline.core.wire.FoilHoleField;
import io.sightline.core.wire.GridField;
import io.sightline.core.wire.GridSquareField;
import io.sightline.core.wire.MicrographField;
import io.sightline.core.wire.TilePositionField;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The entity mappings of the standard kinds ({@link EntityMapping}). Uuids are derived from the parent's
 * uuid and the natural key with {@link EntityUuids}, so a re-read file updates and never duplicates.
 */
public final class EpuEntities {

    private EpuEntities() {}

    /** A session: its grid. */
    public static void session(EpuFile.Session file, EpuSession s, Path path, Path folder, Entities to) {
        String gridUuid = to.gridUuid(folder);
        AtlasLink link = AtlasLink.of(folder, s).orElse(null);
        Path candidate = link == null ? null : link.expected();
        Map<String, Object> f = new LinkedHashMap<>();
        to.put(f, GridField.ACQUISITION_UUID, to.acquisitionUuid());
        to.put(
                f,
                GridField.NAME,
                s.name() != null && !s.name().isBlank()
                        ? s.name()
                        : folder.getFileName().toString());
        to.put(f, GridField.DATA_DIR, folder.toString());
        if (candidate != null && candidate.getParent() != null) {
            to.put(f, GridField.ATLAS_DIR, candidate.getParent().toString());
        }
        to.put(f, GridField.SCAN_START_TIME, s.startTime());
        to.merge(EntityType.GRID, gridUuid, f);
        // an atlas applied to another grid before this session came may be this grid's too
        to.atlasLinks().grid(gridUuid, link).ifPresent(t -> atlasOfGrid(gridUuid, t.atlas(), to));
        // an atlas that arrived before any session named it may belong to this grid now
        to.atlasLinksChanged();
    }

    /**
     * An atlas: for each grid that takes it ({@link AtlasLinks}), the atlas, its tiles, the grid squares it
     * positions and where each square lies on each tile.
     */
    public static void atlas(EpuFile.AtlasSession file, Atlas a, Path p, Path noGrid, Entities to) {
        Optional<List<String>> grids = to.atlasLinks().offer(p, a);
        if (grids.isEmpty()) {
            to.waitFor(Entities.ATLAS_LINK, p.toString());
            return;
        }
        for (String gridUuid : grids.get()) {
            atlasOfGrid(gridUuid, a, to);
        }
    }

    private static void atlasOfGrid(String gridUuid, Atlas a, Entities to) {
        String atlasUuid = atlasUuid(gridUuid);
        Map<String, Object> f = new LinkedHashMap<>();
        to.put(f, AtlasField.GRID_UUID, gridUuid);
        to.put(f, AtlasField.ATLAS_ID, Long.toString(a.sessionId()));
        to.put(f, AtlasField.NAME, a.name() != null && !a.name().isBlank() ? a.name() : "Atlas");
        to.put(f, AtlasField.ACQUISITION_DATE, a.acquisitionTime());
        to.put(f, AtlasField.STORAGE_FOLDER, a.storageFolder());
        to.put(f, AtlasField.DESCRIPTION, a.description());
        to.merge(EntityType.ATLAS, atlasUuid, f);
        Map<Long, String> tiles = new HashMap<>();
        for (AtlasTile tile : a.tiles()) {
            String tileUuid = tileUuid(atlasUuid, tile.id());
            tiles.put(tile.id(), tileUuid);
            Map<String, Object> t = new LinkedHashMap<>();
            to.put(t, AtlasTileField.ATLAS_UUID, atlasUuid);
            to.put(t, AtlasTileField.TILE_ID, Long.toString(tile.id()));
            if (tile.atlasPixelPosition() != null) {
                to.put(
                        t,
                        AtlasTileField.POSITION_X,
                        Math.round(tile.atlasPixelPosition().x()));
                to.put(
                        t,
                        AtlasTileField.POSITION_Y,
                        Math.round(tile.atlasPixelPosition().y()));
                to.put(
                        t,
                        AtlasTileField.SIZE_X,
                        Math.round(tile.atlasPixelPosition().width()));
                to.put(
                        t,
                        AtlasTileField.SIZE_Y,
                        Math.round(tile.atlasPixelPosition().height()));
            }
            to.put(t, AtlasTileField.FILE_FORMAT, tile.imageFormat());
            to.put(t, AtlasTileField.BASE_FILENAME, tile.imageBaseName());
            to.merge(EntityType.ATLAS_TILE, tileUuid, t);
        }
        for (AtlasSquarePosition square : a.squares()) {
            String squareUuid = squareUuid(gridUuid, square.squareId());
            Map<String, Object> q = new LinkedHashMap<>();
            to.put(q, GridSquareField.GRID_UUID, gridUuid);
            to.put(q, GridSquareField.GRIDSQUARE_ID, Long.toString(square.squareId()));
            to.put(q, GridSquareField.ATLAS_NODE_ID, square.squareId());
            if (square.center() != null) {
                to.put(q, GridSquareField.CENTER_X, Math.round(square.center().x()));
                to.put(q, GridSquareField.CENTER_Y, Math.round(square.center().y()));
            }
            if (square.size() != null) {
                to.put(q, GridSquareField.SIZE_WIDTH, Math.round(square.size().width()));
                to.put(q, GridSquareField.SIZE_HEIGHT, Math.round(square.size().height()));
            }
            to.put(q, GridSquareField.ROTATION, square.rotation());
            if (square.physical() != null) {
                to.put(q, GridSquareField.PHYSICAL_X, square.physical().x());
                to.put(q, GridSquareField.PHYSICAL_Y, square.physical().y());
            }
            to.merge(EntityType.GRIDSQUARE, squareUuid, q);
            for (TilePosition position : square.tilePositions()) {
                String tileUuid = tiles.get(position.tileId());
                if (tileUuid == null || position.center() == null || position.size() == null) {
                    continue;
                }
                Map<String, Object> tp = new LinkedHashMap<>();
                to.put(tp, TilePositionField.ATLASTILE_UUID, tileUuid);
                to.put(tp, TilePositionField.GRIDSQUARE_UUID, squareUuid);
                to.put(
                        tp,
                        TilePositionField.CENTER_X,
                        Math.round(position.center().x()));
                to.put(
                        tp,
                        TilePositionField.CENTER_Y,
                        Math.round(position.center().y()));
                to.put(
                        tp,
                        TilePositionField.SIZE_WIDTH,
                        Math.round(position.size().width()));
                to.put(
                        tp,
                        TilePositionField.SIZE_HEIGHT,
                        Math.round(position.size().height()));
                to.merge(EntityType.ATLAS_TILE_GRIDSQUARE_POSITION, EntityUuids.position(tileUuid, squareUuid), tp);
            }
        }
    }

    /** Grid-square metadata: the square and its foil-hole targets. */
    public static void gridSquareMetadata(
            EpuFile.GridSquareMetadataFile file, GridSquareMetadata m, Path path, Path grid, Entities to) {
        String gridUuid = to.gridUuid(grid);
        if (!to.known(gridUuid)) {
            to.waitFor(EntityType.GRID.wireName(), gridUuid);
            return;
        }
        String squareUuid = squareUuid(gridUuid, m.squareId());
        Map<String, Object> q = new LinkedHashMap<>();
        to.put(q, GridSquareField.GRID_UUID, gridUuid);
        to.put(q, GridSquareField.GRIDSQUARE_ID, Long.toString(m.squareId()));
        if (m.stagePosition() != null) {
            to.put(q, GridSquareField.STAGE_POSITION_X, m.stagePosition().x());
            to.put(q, GridSquareField.STAGE_POSITION_Y, m.stagePosition().y());
            to.put(q, GridSquareField.STAGE_POSITION_Z, m.stagePosition().z());
        }
        to.put(q, GridSquareField.STATE, m.state());
        to.put(q, GridSquareField.SELECTED, m.selected());
        to.put(q, GridSquareField.UNUSABLE, m.unusable());
        to.put(q, GridSquareField.ROTATION, m.rotation());
        to.put(q, GridSquareField.IMAGE_PATH, m.imagePath());
        to.merge(EntityType.GRIDSQUARE, squareUuid, q);
        for (FoilHoleTarget target : m.targets()) {
            String holeUuid = holeUuid(squareUuid, target.holeId());
            FoilHole hole = FoilHoleMerge.withTarget(to.hole(holeUuid), m.squareId(), target);
            to.hole(holeUuid, hole);
            to.merge(EntityType.FOILHOLE, holeUuid, holeFields(squareUuid, hole, to));
        }
    }

    /** A grid-square image manifest: the square's imaging facts. */
    public static void gridSquareManifest(
            EpuFile.GridSquareManifestFile file, GridSquareManifest m, Path path, Path grid, Entities to) {
        String gridUuid = to.gridUuid(grid);
        if (!to.known(gridUuid)) {
            to.waitFor(EntityType.GRID.wireName(), gridUuid);
            return;
        }
        Map<String, Object> q = new LinkedHashMap<>();
        to.put(q, GridSquareField.GRID_UUID, gridUuid);
        to.put(q, GridSquareField.GRIDSQUARE_ID, Long.toString(m.squareId()));
        to.put(q, GridSquareField.ACQUISITION_DATETIME, m.acquisitionTime());
        to.put(q, GridSquareField.DEFOCUS, m.defocus());
        to.put(
                q,
                GridSquareField.MAGNIFICATION,
                m.magnification() == null ? null : m.magnification().doubleValue());
        to.put(q, GridSquareField.PIXEL_SIZE, m.pixelSize());
        to.put(q, GridSquareField.DETECTOR_NAME, m.detector());
        to.merge(EntityType.GRIDSQUARE, squareUuid(gridUuid, m.squareId()), q);
    }

    /** A foil-hole image manifest: the hole's centring, merged with its target. */
    public static void foilHoleManifest(
            EpuFile.FoilHoleManifestFile file, FoilHoleManifest m, Path path, Path grid, Entities to) {
        String squareUuid = squareUuid(to.gridUuid(grid), m.squareId());
        if (!to.known(squareUuid)) {
            to.waitFor(EntityType.GRIDSQUARE.wireName(), squareUuid);
            return;
        }
        String holeUuid = holeUuid(squareUuid, m.holeId());
        FoilHole hole = FoilHoleMerge.withManifest(to.hole(holeUuid), m);
        to.hole(holeUuid, hole);
        to.merge(EntityType.FOILHOLE, holeUuid, holeFields(squareUuid, hole, to));
    }

    /** A micrograph manifest: the micrograph. */
    public static void micrograph(
            EpuFile.MicrographManifestFile file, MicrographManifest m, Path p, Path grid, Entities to) {
        String squareUuid = squareUuid(to.gridUuid(grid), m.squareId());
        String holeUuid = holeUuid(squareUuid, m.foilHoleId());
        if (!to.known(holeUuid)) {
            to.waitFor(EntityType.FOILHOLE.wireName(), holeUuid);
            return;
        }
        Map<String, Object> f = new LinkedHashMap<>();
        to.put(f, MicrographField.FOILHOLE_UUID, holeUuid);
        to.put(f, MicrographField.MICROGRAPH_ID, m.uniqueId());
        to.put(f, MicrographField.FOILHOLE_ID, Long.toString(m.foilHoleId()));
        to.put(f, MicrographField.LOCATION_ID, Long.toString(m.locationId()));
        to.put(f, MicrographField.MANIFEST_FILE, p.toString());
        to.put(f, MicrographField.ACQUISITION_DATETIME, m.acquisitionTime());
        to.put(f, MicrographField.DEFOCUS, m.defocus());
        to.put(f, MicrographField.DETECTOR_NAME, m.detector());
        to.put(f, MicrographField.ENERGY_FILTER, m.energyFilter());
        to.put(f, MicrographField.PHASE_PLATE, m.phasePlate());
        to.put(
                f,
                MicrographField.IMAGE_SIZE_X,
                m.readoutWidth() == null ? null : m.readoutWidth().longValue());
        to.put(
                f,
                MicrographField.IMAGE_SIZE_Y,
                m.readoutHeight() == null ? null : m.readoutHeight().longValue());
        to.put(
                f,
                MicrographField.BINNING_X,
                m.binning() == null ? null : m.binning().longValue());
        to.put(
                f,
                MicrographField.BINNING_Y,
                m.binning() == null ? null : m.binning().longValue());
        to.merge(
                EntityType.MICROGRAPH,
                EntityUuids.derive(UUID.fromString(holeUuid), EntityType.MICROGRAPH.wireName(), m.uniqueId())
                        .toString(),
                f);
    }

    /** Fields of a foil hole from its merged sources: the target's (square image) and the latest manifest's. */
    private static Map<String, Object> holeFields(String squareUuid, FoilHole hole, Entities to) {
        Map<String, Object> f = new LinkedHashMap<>();
        to.put(f, FoilHoleField.GRIDSQUARE_UUID, squareUuid);
        to.put(f, FoilHoleField.FOILHOLE_ID, Long.toString(hole.holeId()));
        to.put(f, FoilHoleField.GRIDSQUARE_ID, Long.toString(hole.squareId()));
        FoilHoleTarget t = hole.target();
        if (t != null) {
            if (t.pixelCenter() != null) {
                to.put(f, FoilHoleField.X_LOCATION, Math.round(t.pixelCenter().x()));
                to.put(f, FoilHoleField.Y_LOCATION, Math.round(t.pixelCenter().y()));
            }
            if (t.stagePosition() != null) {
                to.put(f, FoilHoleField.X_STAGE_POSITION, t.stagePosition().x());
                to.put(f, FoilHoleField.Y_STAGE_POSITION, t.stagePosition().y());
            }
            to.put(f, FoilHoleField.DIAMETER, t.diameter() == null ? null : Math.round(t.diameter()));
            to.put(f, FoilHoleField.IS_NEAR_GRID_BAR, t.nearGridBar());
        }
        FoilHoleManifest m = hole.manifest();
        if (m != null) {
            if (m.center() != null) {
                to.put(f, FoilHoleField.CENTER_X, m.center().x());
                to.put(f, FoilHoleField.CENTER_Y, m.center().y());
            }
            if (m.size() != null) {
                to.put(f, FoilHoleField.SIZE_WIDTH, m.size().width());
                to.put(f, FoilHoleField.SIZE_HEIGHT, m.size().height());
            }
            to.put(f, FoilHoleField.QUALITY, m.quality());
            to.put(f, FoilHoleField.ROTATION, m.rotation());
        }
        return f;
    }

    /** The uuid of the grid's atlas (one per grid: the atlas entity is the grid's view of an atlas file). */
    public static String atlasUuid(String gridUuid) {
        return EntityUuids.derive(UUID.fromString(gridUuid), EntityType.ATLAS.wireName(), "atlas")
                .toString();
    }

    /** The uuid of the tile {@code tileId} of the atlas {@code atlasUuid}. */
    public static String tileUuid(String atlasUuid, long tileId) {
        return EntityUuids.derive(UUID.fromString(atlasUuid), EntityType.ATLAS_TILE.wireName(), Long.toString(tileId))
                .toString();
    }

    /** The uuid of the square {@code squareId} of the grid {@code gridUuid}. */
    public static String squareUuid(String gridUuid, long squareId) {
        return EntityUuids.derive(UUID.fromString(gridUuid), EntityType.GRIDSQUARE.wireName(), Long.toString(squareId))
                .toString();
    }

    /** The uuid of the foil hole {@code holeId} of the square {@code squareUuid}. */
    public static String holeUuid(String squareUuid, long holeId) {
        return EntityUuids.derive(UUID.fromString(squareUuid), EntityType.FOILHOLE.wireName(), Long.toString(holeId))
                .toString();
    }
}
