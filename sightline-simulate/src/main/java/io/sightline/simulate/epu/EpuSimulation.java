package io.sightline.simulate.epu;

import java.util.Locale;

/**
 * What {@code sightline simulate epu} writes: one visit folder holding one atlas session and {@code grids} EPU
 * sessions. All counts are per grid. The same options always give byte-identical files.
 *
 * @param seed                     seed of every id, position, time and GUID ({@code --seed}, default {@value #DEFAULT_SEED})
 * @param visit                    visit (storage folder) name used inside Windows paths ({@code --visit}, default {@code bi23047-1})
 * @param grids                    grids, one EPU session each ({@code --grids}, default 1)
 * @param squares                  grid squares on each grid's atlas, each with a {@code Metadata/GridSquare_<id>.dm} ({@code --squares}, default 20)
 * @param visitedSquares           squares that get imaged and their holes acquired ({@code --visited}, default 3)
 * @param holesPerSquare           foil-hole targets in a visited square's metadata ({@code --holes-per-square}, default 24)
 * @param acquiredHolesPerSquare   targets of a visited square that get acquired (at most holesPerSquare); {@link #ALL} = every target ({@code --acquired-holes}, default 8)
 * @param micrographsPerHole       micrograph manifests per acquired hole ({@code --micrographs-per-hole}, default 2)
 * @param foilHoleManifests        foil-hole manifests per grid, spread over acquired holes (one per hole first, then
 *                                 second, re-centred ones); {@link #AUTO} = one per acquired hole plus a second one for
 *                                 about every fifth hole ({@code --foilhole-manifests}, default AUTO)
 * @param atlasTiles               tiles of the atlas; each square's node is repeated under every tile that shows it, so
 *                                 the atlas grows with tiles × squares ({@code --atlas-tiles}, default 64)
 * @param rate                     files per second, 0 = as fast as possible ({@code --rate}, default 0)
 * @param order                    order of the writes ({@code --order}, default realistic)
 * @param partialWrites            write every file in {@link #PARTIAL_WRITE_PIECES} flushed pieces with a pause between
 *                                 them ({@code --partial-writes}, default off)
 */
public record EpuSimulation(
        long seed,
        String visit,
        int grids,
        int squares,
        int visitedSquares,
        int holesPerSquare,
        int acquiredHolesPerSquare,
        int micrographsPerHole,
        int foilHoleManifests,
        int atlasTiles,
        double rate,
        Order order,
        boolean partialWrites) {

    public static final long DEFAULT_SEED = 20250108L;
    /** {@code acquiredHolesPerSquare}: every target of a visited square is acquired. */
    public static final int ALL = -1;
    /** {@code foilHoleManifests}: one per acquired hole plus a re-centred second one for about every fifth hole. */
    public static final int AUTO = -1;
    /** Pieces a file is written in when {@code partialWrites} is on. */
    public static final int PARTIAL_WRITE_PIECES = 3;

    /** The order in which the planned files reach the disk. */
    public enum Order {
        /** Atlas, then per grid: session, all square metadata, then per visited square its manifest, the square's
         *  metadata with targets, foil holes with their micrographs, the metadata rewritten as holes complete. */
        REALISTIC,
        /** The same files, children before parents: micrographs, foil holes, square manifests, square metadata,
         *  sessions, atlas last (rewrites of one file keep their order). */
        CHILDREN_FIRST,
        /** A seeded shuffle of the realistic order (rewrites of one file keep their order). */
        RANDOM;

        /** Parses {@code realistic}, {@code children-first}, {@code random} (case-insensitive). */
        public static Order parse(String text) {
            return valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        }

        /** The CLI spelling: {@code children-first}. */
        public String cliName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public EpuSimulation {
        if (visit == null || visit.isBlank() || !visit.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("visit must be a plain folder name, got: " + visit);
        }
        requireAtLeast("grids", grids, 1);
        requireAtLeast("squares", squares, 1);
        requireAtLeast("visited", visitedSquares, 0);
        if (visitedSquares > squares) {
            throw new IllegalArgumentException(
                    "visited (" + visitedSquares + ") must not exceed squares (" + squares + ")");
        }
        requireAtLeast("holes-per-square", holesPerSquare, 0);
        if (acquiredHolesPerSquare != ALL) {
            requireAtLeast("acquired-holes", acquiredHolesPerSquare, 0);
        }
        requireAtLeast("micrographs-per-hole", micrographsPerHole, 0);
        if (foilHoleManifests != AUTO) {
            requireAtLeast("foilhole-manifests", foilHoleManifests, 0);
        }
        requireAtLeast("atlas-tiles", atlasTiles, 1);
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("rate must be a finite number >= 0, got: " + rate);
        }
        if (order == null) {
            throw new IllegalArgumentException("order must be given");
        }
    }

    private static void requireAtLeast(String option, int value, int minimum) {
        if (value < minimum) {
            throw new IllegalArgumentException(option + " must be >= " + minimum + ", got: " + value);
        }
    }

    /** The defaults listed on each component. */
    public static EpuSimulation defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder()
                .seed(seed)
                .visit(visit)
                .grids(grids)
                .squares(squares)
                .visitedSquares(visitedSquares)
                .holesPerSquare(holesPerSquare)
                .acquiredHolesPerSquare(acquiredHolesPerSquare)
                .micrographsPerHole(micrographsPerHole)
                .foilHoleManifests(foilHoleManifests)
                .atlasTiles(atlasTiles)
                .rate(rate)
                .order(order)
                .partialWrites(partialWrites);
    }

    /**
     * The benchmark workload: 420 squares of which 10 visited with 570 targets each (about half near a grid bar),
     * 5,000 micrograph manifests, 100 foil-hole manifests and an atlas of about 110 MB.
     */
    public static EpuSimulation benchmark() {
        return builder()
                .squares(420)
                .visitedSquares(10)
                .holesPerSquare(570)
                .acquiredHolesPerSquare(250)
                .micrographsPerHole(2)
                .foilHoleManifests(100)
                .atlasTiles(BENCHMARK_ATLAS_TILES)
                .build();
    }

    static final int BENCHMARK_ATLAS_TILES = 480;

    /** Acquired holes per visited square after resolving {@link #ALL}. */
    int acquiredHoles() {
        return acquiredHolesPerSquare == ALL ? holesPerSquare : Math.min(acquiredHolesPerSquare, holesPerSquare);
    }

    public static final class Builder {
        private long seed = DEFAULT_SEED;
        private String visit = "bi23047-1";
        private int grids = 1;
        private int squares = 20;
        private int visitedSquares = 3;
        private int holesPerSquare = 24;
        private int acquiredHolesPerSquare = 8;
        private int micrographsPerHole = 2;
        private int foilHoleManifests = AUTO;
        private int atlasTiles = 64;
        private double rate = 0;
        private Order order = Order.REALISTIC;
        private boolean partialWrites = false;

        private Builder() {}

        public Builder seed(long value) {
            seed = value;
            return this;
        }

        public Builder visit(String value) {
            visit = value;
            return this;
        }

        public Builder grids(int value) {
            grids = value;
            return this;
        }

        public Builder squares(int value) {
            squares = value;
            return this;
        }

        public Builder visitedSquares(int value) {
            visitedSquares = value;
            return this;
        }

        public Builder holesPerSquare(int value) {
            holesPerSquare = value;
            return this;
        }

        public Builder acquiredHolesPerSquare(int value) {
            acquiredHolesPerSquare = value;
            return this;
        }

        public Builder micrographsPerHole(int value) {
            micrographsPerHole = value;
            return this;
        }

        public Builder foilHoleManifests(int value) {
            foilHoleManifests = value;
            return this;
        }

        public Builder atlasTiles(int value) {
            atlasTiles = value;
            return this;
        }

        public Builder rate(double value) {
            rate = value;
            return this;
        }

        public Builder order(Order value) {
            order = value;
            return this;
        }

        public Builder partialWrites(boolean value) {
            partialWrites = value;
            return this;
        }

        public EpuSimulation build() {
            return new EpuSimulation(
                    seed,
                    visit,
                    grids,
                    squares,
                    visitedSquares,
                    holesPerSquare,
                    acquiredHolesPerSquare,
                    micrographsPerHole,
                    foilHoleManifests,
                    atlasTiles,
                    rate,
                    order,
                    partialWrites);
        }
    }
}
