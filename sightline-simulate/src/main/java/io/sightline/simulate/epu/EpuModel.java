package io.sightline.simulate.epu;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * The simulated visit as data: ids, geometry and times of everything that will be written, derived from the
 * options and the seed alone. The XML writers render these records; the planner orders the writes.
 */
final class EpuModel {

    /** Atlas image size in pixels (square). */
    static final int ATLAS_PIXELS = 4096;
    /** One atlas tile's footprint on the atlas image, in atlas pixels (as in real atlases); larger when there are
     *  too few tiles to cover the atlas. */
    static final int TILE_WIDTH = 833;

    static final int TILE_HEIGHT = 592;
    /** Width of a tile image in its own pixels. */
    static final int TILE_IMAGE_WIDTH = 2880;
    /** Metres per atlas pixel. */
    static final double ATLAS_PIXEL_SIZE = 7.3e-7;
    /** Grid-square image: readout and metres per pixel. */
    static final int SQUARE_IMAGE_WIDTH = 2880;

    static final int SQUARE_IMAGE_HEIGHT = 2046;
    static final double SQUARE_PIXEL_SIZE = 4.1562760344504568E-08;
    static final double HOLE_DIAMETER_PX = 51.28809;
    static final double STAGE_Z = 8.5710844035200026E-05;
    private static final Instant BASE_TIME = Instant.parse("2025-01-08T10:14:46.0000000Z");

    record Visit(String visitName, String atlasFolder, Instant atlasStart, List<Grid> grids) {}

    record Grid(
            int index,
            String folder,
            long sessionId,
            long sampleId,
            long storageFolderId,
            Instant start,
            Atlas atlas,
            List<Square> squares,
            List<VisitedSquare> visited,
            List<Long> locationIds) {}

    record Atlas(int sample, long id, long imageId, Instant acquired, List<Tile> tiles) {}

    /** A tile and the squares whose centre it shows. */
    record Tile(
            long id, int index, int x, int y, int width, int height, double stageX, double stageY, List<Square> nodes) {

        /** Tile image pixels per atlas pixel. */
        double scale() {
            return TILE_IMAGE_WIDTH / (double) width;
        }
    }

    record TilePosition(long id, Tile tile, double x, double y) {}

    record Square(
            long id,
            int order,
            double atlasX,
            double atlasY,
            double atlasSize,
            double rotation,
            double stageX,
            double stageY,
            boolean selected,
            double[] features,
            List<TilePosition> tilePositions) {}

    record VisitedSquare(
            Square square,
            long collectionId,
            Instant imaged,
            String manifestGuid,
            List<Hole> holes,
            List<Hole> acquired) {}

    record Hole(
            long id,
            int order,
            double px,
            double py,
            double stageX,
            double stageY,
            boolean nearGridBar,
            double intensityMean,
            double intensityStDev,
            int acquisitionIndex,
            List<Instant> manifestTimes,
            List<String> manifestGuids,
            List<Micrograph> micrographs) {

        boolean acquired() {
            return acquisitionIndex >= 0;
        }
    }

    record Micrograph(
            String uniqueId,
            long acquisitionId,
            long locationId,
            int n,
            Instant time,
            double defocus,
            double doseOnCamera) {}

    private EpuModel() {}

    /** Deterministic EPU-like ids: 7 digits, increasing by small random steps, never repeated within a visit. */
    static final class Ids {
        private final Random random;
        private long last;

        Ids(Random random) {
            this.random = random;
            this.last = 1_000_000L + random.nextInt(7_000_000);
        }

        long next() {
            last += 1 + random.nextInt(3);
            return last;
        }
    }

    static String guid(Random random) {
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    /** Time plus a random fraction with 100 ns resolution (7 digits, as .NET writes). */
    private static Instant jitter(Instant time, Random random) {
        return time.plusNanos(100L * random.nextInt(10_000_000));
    }

    static Visit build(EpuSimulation options) {
        Random random = new Random(options.seed());
        Ids ids = new Ids(random);
        Instant atlasStart = BASE_TIME
                .plus(Duration.ofDays(Math.floorMod(options.seed(), 300)))
                .plusSeconds(Math.floorMod(options.seed() * 7919L, 3600L))
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String atlasFolder = "atlas/Supervisor_" + NetFormat.fileStamp(atlasStart) + "_" + options.visit() + "_Atlas";
        List<Grid> grids = new ArrayList<>();
        Instant clock = atlasStart;
        for (int g = 0; g < options.grids(); g++) {
            long atlasId = ids.next();
            long atlasImageId = ids.next();
            Instant atlasAcquired = jitter(atlasStart.plusSeconds(600L * g), random);
            List<Square> squares = squares(options, random, ids);
            Atlas atlas =
                    new Atlas(g + 1, atlasId, atlasImageId, atlasAcquired, tiles(options.atlasTiles(), squares, ids));

            clock = clock.plusSeconds(3600 + random.nextInt(1800));
            Instant start = jitter(clock, random);
            long sessionId = ids.next();
            long storageFolderId = ids.next();
            long sampleId = ids.next();
            List<Long> locations = new ArrayList<>();
            for (int k = 0; k < options.micrographsPerHole(); k++) {
                locations.add(ids.next());
            }
            String folder = "Supervisor_" + NetFormat.fileStamp(start) + "_" + (10 + random.nextInt(90)) + "_"
                    + options.visit() + "_EPU" + (options.grids() > 1 ? "_grid" + (g + 1) : "");

            List<Square> byOrder = new ArrayList<>(squares);
            java.util.Collections.shuffle(byOrder, random);
            List<VisitedSquare> visited = new ArrayList<>();
            clock = start.plusSeconds(120);
            for (int v = 0; v < options.visitedSquares(); v++) {
                VisitedSquare square = visit(options, byOrder.get(v), clock, random, ids, locations);
                visited.add(square);
                clock = lastTime(square).plusSeconds(30 + random.nextInt(60));
            }
            assignFoilHoleManifests(options, visited, random);
            grids.add(new Grid(
                    g,
                    folder,
                    sessionId,
                    sampleId,
                    storageFolderId,
                    start,
                    atlas,
                    squares,
                    visited,
                    List.copyOf(locations)));
        }
        return new Visit(options.visit(), atlasFolder, atlasStart, grids);
    }

    private static List<Square> squares(EpuSimulation options, Random random, Ids ids) {
        int count = options.squares();
        double centre = ATLAS_PIXELS / 2d;
        double radius = ATLAS_PIXELS * 0.46;
        double pitch = Math.sqrt(Math.PI * radius * radius / count) * 0.97;
        double angle = (random.nextDouble() - 0.5) * 0.8;
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        int reach = (int) Math.ceil(radius / pitch) + 2;
        List<double[]> points = new ArrayList<>();
        for (int i = -reach; i <= reach; i++) {
            for (int j = -reach; j <= reach; j++) {
                double x = centre + (i * cos - j * sin) * pitch;
                double y = centre + (i * sin + j * cos) * pitch;
                points.add(new double[] {x, y, Math.hypot(x - centre, y - centre)});
            }
        }
        points.sort(Comparator.comparingDouble(p -> p[2]));
        List<double[]> chosen = new ArrayList<>(points.subList(0, count));
        chosen.sort(Comparator.<double[]>comparingDouble(p -> Math.round(p[1] / pitch))
                .thenComparingDouble(p -> p[0]));
        List<Square> squares = new ArrayList<>(count);
        for (int s = 0; s < count; s++) {
            double x = chosen.get(s)[0] + (random.nextDouble() - 0.5) * pitch * 0.05;
            double y = chosen.get(s)[1] + (random.nextDouble() - 0.5) * pitch * 0.05;
            double[] features = new double[5];
            for (int f = 0; f < features.length; f++) {
                features[f] = random.nextGaussian();
            }
            squares.add(new Square(
                    ids.next(),
                    s,
                    x,
                    y,
                    pitch * 0.82,
                    angle + (random.nextDouble() - 0.5) * 0.02,
                    (x - centre) * ATLAS_PIXEL_SIZE,
                    (y - centre) * ATLAS_PIXEL_SIZE,
                    random.nextInt(3) == 0,
                    features,
                    new ArrayList<>()));
        }
        return squares;
    }

    /** Tiles on a regular raster with a fixed footprint: more tiles overlap more, so each square shows in more tiles. */
    private static List<Tile> tiles(int count, List<Square> squares, Ids ids) {
        int columns = (int) Math.ceil(Math.sqrt(count));
        int rows = (int) Math.ceil(count / (double) columns);
        int width = Math.max(TILE_WIDTH, (int) Math.ceil(ATLAS_PIXELS * 1.05 / columns));
        int height = Math.max(TILE_HEIGHT, (int) Math.ceil(ATLAS_PIXELS * 1.05 / rows));
        List<Tile> tiles = new ArrayList<>(count);
        for (int t = 0; t < count; t++) {
            int column = t % columns;
            int row = t / columns;
            double cx = (column + 0.5) * ATLAS_PIXELS / columns;
            double cy = (row + 0.5) * ATLAS_PIXELS / rows;
            int x = (int) Math.max(0, Math.min(ATLAS_PIXELS - width, Math.round(cx - width / 2d)));
            int y = (int) Math.max(0, Math.min(ATLAS_PIXELS - height, Math.round(cy - height / 2d)));
            tiles.add(new Tile(
                    ids.next(),
                    t,
                    x,
                    y,
                    width,
                    height,
                    (cx - ATLAS_PIXELS / 2d) * ATLAS_PIXEL_SIZE,
                    (cy - ATLAS_PIXELS / 2d) * ATLAS_PIXEL_SIZE,
                    new ArrayList<>()));
        }
        for (Square square : squares) {
            for (Tile tile : tiles) {
                if (square.atlasX() >= tile.x()
                        && square.atlasX() < tile.x() + tile.width()
                        && square.atlasY() >= tile.y()
                        && square.atlasY() < tile.y() + tile.height()) {
                    place(square, tile, ids);
                }
            }
            // A square on the atlas shows in at least one tile; one outside the raster's footprints (possible
            // near the edge with few tiles) belongs to the tile whose centre is nearest.
            if (square.tilePositions().isEmpty()) {
                Tile nearest = tiles.stream()
                        .min(java.util.Comparator.comparingDouble(t -> Math.hypot(
                                square.atlasX() - (t.x() + t.width() / 2d),
                                square.atlasY() - (t.y() + t.height() / 2d))))
                        .orElseThrow();
                place(square, nearest, ids);
            }
        }
        return tiles;
    }

    private static void place(Square square, Tile tile, Ids ids) {
        double scale = tile.scale();
        tile.nodes().add(square);
        square.tilePositions()
                .add(new TilePosition(
                        ids.next(), tile, (square.atlasX() - tile.x()) * scale, (square.atlasY() - tile.y()) * scale));
    }

    private static VisitedSquare visit(
            EpuSimulation options, Square square, Instant start, Random random, Ids ids, List<Long> locations) {
        long collectionId = ids.next();
        Instant imaged = jitter(start, random);
        String manifestGuid = guid(random);
        int count = options.holesPerSquare();
        int columns = Math.max(1, (int) Math.ceil(Math.sqrt(count)));
        int rows = Math.max(1, (int) Math.ceil(count / (double) columns));
        double extent = 1800;
        double cos = Math.cos(square.rotation());
        double sin = Math.sin(square.rotation());
        List<double[]> geometry = new ArrayList<>(count);
        for (int h = 0; h < count; h++) {
            double u = (h % columns + 0.5) / columns;
            double v = (h / columns + 0.5) / rows;
            double dx = (u - 0.5) * extent + (random.nextDouble() - 0.5) * 4;
            double dy = (v - 0.5) * extent + (random.nextDouble() - 0.5) * 4;
            double px = SQUARE_IMAGE_WIDTH / 2d + dx * cos - dy * sin;
            double py = SQUARE_IMAGE_HEIGHT / 2d + dx * sin + dy * cos;
            boolean near = Math.min(Math.min(u, 1 - u), Math.min(v, 1 - v)) < 0.146;
            geometry.add(new double[] {px, py, near ? 1 : 0});
        }
        // EPU skips holes near a grid bar on automatic runs; take the others first.
        List<Integer> acquisitionOrder = new ArrayList<>();
        for (int pass = 0; pass < 2; pass++) {
            for (int h = 0; h < count; h++) {
                if ((geometry.get(h)[2] == 1) == (pass == 1)) {
                    acquisitionOrder.add(h);
                }
            }
        }
        int acquiredCount = options.acquiredHoles();
        int[] acquisitionIndex = new int[count];
        java.util.Arrays.fill(acquisitionIndex, -1);
        for (int a = 0; a < acquiredCount; a++) {
            acquisitionIndex[acquisitionOrder.get(a)] = a;
        }
        long[] holeIds = new long[count];
        for (int h = 0; h < count; h++) {
            holeIds[h] = ids.next();
        }
        Instant firstHole = imaged.plusSeconds(60);
        List<Hole> holes = new ArrayList<>(count);
        Hole[] acquired = new Hole[acquiredCount];
        for (int h = 0; h < count; h++) {
            double[] g = geometry.get(h);
            double stageX = square.stageX() + (g[0] - SQUARE_IMAGE_WIDTH / 2d) * SQUARE_PIXEL_SIZE;
            double stageY = square.stageY() + (g[1] - SQUARE_IMAGE_HEIGHT / 2d) * SQUARE_PIXEL_SIZE;
            int index = acquisitionIndex[h];
            List<Micrograph> micrographs = new ArrayList<>();
            Instant holeTime = null;
            if (index >= 0) {
                holeTime =
                        jitter(firstHole.plusSeconds(index * (8L + 4L * options.micrographsPerHole() + 20L)), random);
                for (int k = 0; k < options.micrographsPerHole(); k++) {
                    micrographs.add(new Micrograph(
                            guid(random),
                            ids.next(),
                            locations.get(k),
                            index + 1,
                            jitter(holeTime.plusSeconds(22 + 4L * k), random),
                            -(0.9 + 0.3 * random.nextInt(6)) * 1e-6 + random.nextGaussian() * 1e-7,
                            14 + random.nextDouble() * 4));
                }
            }
            boolean near = g[2] == 1;
            Hole hole = new Hole(
                    holeIds[h],
                    h,
                    g[0],
                    g[1],
                    stageX,
                    stageY,
                    near,
                    near ? 12 + random.nextDouble() * 5 : 600 + random.nextDouble() * 130,
                    near ? 2 + random.nextDouble() * 2 : 20 + random.nextDouble() * 80,
                    index,
                    holeTime == null ? new ArrayList<>() : new ArrayList<>(List.of(holeTime)),
                    new ArrayList<>(),
                    micrographs);
            holes.add(hole);
            if (index >= 0) {
                acquired[index] = hole;
            }
        }
        return new VisitedSquare(square, collectionId, imaged, manifestGuid, holes, List.of(acquired));
    }

    /** Gives each acquired hole its foil-hole manifest times: AUTO, or the requested total spread evenly. */
    private static void assignFoilHoleManifests(EpuSimulation options, List<VisitedSquare> visited, Random random) {
        List<Hole> acquired =
                visited.stream().flatMap(v -> v.acquired().stream()).toList();
        int total = acquired.size();
        for (int j = 0; j < total; j++) {
            Hole hole = acquired.get(j);
            Instant first = hole.manifestTimes().get(0);
            hole.manifestTimes().clear();
            int manifests;
            if (options.foilHoleManifests() == EpuSimulation.AUTO) {
                manifests = random.nextInt(5) == 0 ? 2 : 1;
            } else {
                int each = options.foilHoleManifests() / total;
                int remainder = options.foilHoleManifests() % total;
                manifests = each + ((long) (j + 1) * remainder / total > (long) j * remainder / total ? 1 : 0);
            }
            for (int m = 0; m < manifests; m++) {
                hole.manifestTimes().add(jitter(first.plusSeconds(10L * m), random));
                hole.manifestGuids().add(guid(random));
            }
        }
    }

    static Instant lastTime(VisitedSquare square) {
        Instant last = square.imaged().plusSeconds(60);
        for (Hole hole : square.acquired()) {
            for (Micrograph micrograph : hole.micrographs()) {
                last = micrograph.time().isAfter(last) ? micrograph.time() : last;
            }
            for (Instant time : hole.manifestTimes()) {
                last = time.isAfter(last) ? time : last;
            }
        }
        return last;
    }
}
