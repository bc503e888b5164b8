package io.sightline.simulate.epu;

import java.util.List;
import java.util.Map;

/**
 * The truth about what a simulation wrote: what readers of the written folder should find. Paths are relative to
 * the visit folder, {@code /}-separated.
 *
 * @param atlasFolder     the atlas session folder, e.g. {@code atlas/Supervisor_20250108_101551_bi23047-1_Atlas}
 * @param grids           one entry per EPU session, in order
 * @param plannedWrites   writes performed (a rewritten file counts once per write)
 * @param files           distinct files on disk after the simulation
 */
public record SimulatedSession(String atlasFolder, List<Grid> grids, int plannedWrites, int files) {

    public SimulatedSession {
        grids = List.copyOf(grids);
    }

    /**
     * One grid: an EPU session folder.
     *
     * @param folder              the session folder (also the session name), e.g. {@code Supervisor_..._EPU}
     * @param sessionId           {@code EpuSessionXml/Id}
     * @param sessionName         {@code EpuSessionXml/Name}
     * @param atlasPath           the grid's {@code Atlas.dm}, e.g. {@code atlas/<atlasSession>/Sample1/Atlas/Atlas.dm}
     * @param atlasId             the {@code Id} of that atlas (root and {@code Atlas} element)
     * @param atlasSquareIds      squares on the atlas (nodes of its tiles)
     * @param atlasTileIds        tiles of the atlas
     * @param squareIds           every grid square id (all have a metadata file), in atlas order
     * @param visitedSquareIds    squares imaged, in visiting order
     * @param holeIdsBySquare     foil-hole target ids of each visited square (the final metadata's targets)
     * @param nearGridBarHoleIds  targets with {@code IsNearGridBar=true}, by square
     * @param acquiredHoleIdsBySquare holes acquired (state {@code Completed} in the final metadata), by square
     * @param foilHoleManifests   every foil-hole manifest written
     * @param micrographs         every micrograph manifest written
     */
    public record Grid(
            String folder,
            long sessionId,
            String sessionName,
            String atlasPath,
            long atlasId,
            List<Long> atlasSquareIds,
            List<Long> atlasTileIds,
            List<Long> squareIds,
            List<Long> visitedSquareIds,
            Map<Long, List<Long>> holeIdsBySquare,
            Map<Long, List<Long>> nearGridBarHoleIds,
            Map<Long, List<Long>> acquiredHoleIdsBySquare,
            List<FoilHoleManifest> foilHoleManifests,
            List<Micrograph> micrographs) {

        public Grid {
            atlasSquareIds = List.copyOf(atlasSquareIds);
            atlasTileIds = List.copyOf(atlasTileIds);
            squareIds = List.copyOf(squareIds);
            visitedSquareIds = List.copyOf(visitedSquareIds);
            holeIdsBySquare = Map.copyOf(holeIdsBySquare);
            nearGridBarHoleIds = Map.copyOf(nearGridBarHoleIds);
            acquiredHoleIdsBySquare = Map.copyOf(acquiredHoleIdsBySquare);
            foilHoleManifests = List.copyOf(foilHoleManifests);
            micrographs = List.copyOf(micrographs);
        }

        /** The manifest that wins for each hole that has any: the one with the latest acquisition time. */
        public Map<Long, FoilHoleManifest> latestFoilHoleManifests() {
            Map<Long, FoilHoleManifest> latest = new java.util.HashMap<>();
            for (FoilHoleManifest manifest : foilHoleManifests) {
                latest.merge(
                        manifest.holeId(),
                        manifest,
                        (a, b) -> java.time.OffsetDateTime.parse(a.acquired())
                                        .isAfter(java.time.OffsetDateTime.parse(b.acquired()))
                                ? a
                                : b);
            }
            return Map.copyOf(latest);
        }
    }

    /** A foil-hole manifest; when a hole has several, the one with the latest {@code acquired} wins. */
    public record FoilHoleManifest(long squareId, long holeId, String uniqueId, String acquired, String path) {}

    /** A micrograph manifest: its {@code uniqueID}, the hole and square it belongs to, acquisition time (as written). */
    public record Micrograph(
            String uniqueId, long squareId, long holeId, long locationId, String acquired, String path) {}

    public int micrographCount() {
        return grids.stream().mapToInt(g -> g.micrographs().size()).sum();
    }

    public int foilHoleManifestCount() {
        return grids.stream().mapToInt(g -> g.foilHoleManifests().size()).sum();
    }

    public int gridSquareCount() {
        return grids.stream().mapToInt(g -> g.squareIds().size()).sum();
    }

    /**
     * What a server holds once everything written was delivered, by resource: {@code grids}, {@code atlases},
     * {@code tiles}, {@code gridsquares} (those with a metadata file and those only on the atlas),
     * {@code foilholes} (targets of the squares' metadata and holes that only have a manifest) and
     * {@code micrographs}.
     */
    public Map<String, Integer> entityCounts() {
        int squares = 0;
        int holes = 0;
        int tiles = 0;
        for (Grid g : grids) {
            java.util.Set<Long> s = new java.util.HashSet<>(g.squareIds());
            s.addAll(g.atlasSquareIds());
            squares += s.size();
            java.util.Set<String> h = new java.util.HashSet<>();
            g.holeIdsBySquare().forEach((square, ids) -> ids.forEach(id -> h.add(square + "/" + id)));
            g.foilHoleManifests().forEach(m -> h.add(m.squareId() + "/" + m.holeId()));
            holes += h.size();
            tiles += g.atlasTileIds().size();
        }
        Map<String, Integer> out = new java.util.LinkedHashMap<>();
        out.put("grids", grids.size());
        out.put("atlases", grids.size());
        out.put("tiles", tiles);
        out.put("gridsquares", squares);
        out.put("foilholes", holes);
        out.put("micrographs", micrographCount());
        return out;
    }
}
