package io.sightline.simulate.epu;

import io.sightline.simulate.epu.PlannedWrite.Kind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Turns options into a {@link SimulationPlan}: the files to write, in order, and the truth. Touches no file. */
final class EpuPlanner {

    /** A write and how deep its file sits in the hierarchy (0 = micrograph … 5 = atlas), for children-first. */
    private record Step(PlannedWrite write, int depth) {}

    @FunctionalInterface
    private interface TextBody {
        void writeTo(Appendable out) throws IOException;
    }

    private final EpuSimulation options;
    private final EpuModel.Visit visit;
    private final Thumbnails thumbnails;
    private final List<Step> steps = new ArrayList<>();

    private EpuPlanner(EpuSimulation options) {
        this.options = options;
        this.visit = EpuModel.build(options);
        this.thumbnails = new Thumbnails(options.seed());
    }

    static SimulationPlan plan(EpuSimulation options) {
        return new EpuPlanner(options).build();
    }

    private SimulationPlan build() {
        List<SimulatedSession.Grid> truth = new ArrayList<>();
        for (EpuModel.Grid grid : visit.grids()) {
            planAtlas(grid);
        }
        for (EpuModel.Grid grid : visit.grids()) {
            truth.add(planGrid(grid));
        }
        List<PlannedWrite> ordered = order(steps);
        int files = new LinkedHashSet<>(
                        ordered.stream().map(PlannedWrite::relativePath).toList())
                .size();
        return new SimulationPlan(ordered, new SimulatedSession(visit.atlasFolder(), truth, ordered.size(), files));
    }

    // ---- atlas -------------------------------------------------------------------------------------------------

    private void planAtlas(EpuModel.Grid grid) {
        EpuModel.Atlas atlas = grid.atlas();
        String folder = visit.atlasFolder() + "/Sample" + atlas.sample() + "/Atlas/";
        for (EpuModel.Tile tile : atlas.tiles()) {
            String base = folder + AtlasXml.tileBaseName(atlas, tile);
            image(
                    base,
                    Thumbnails.Kind.TILE,
                    tile.id(),
                    Kind.ATLAS_IMAGE_MANIFEST,
                    5,
                    overviewImage(
                            atlas.acquired().minusSeconds(1200L - tile.index()), tile.stageX(), tile.stageY(), 135));
        }
        image(
                folder + "Atlas_" + atlas.imageId(),
                Thumbnails.Kind.ATLAS,
                atlas.imageId(),
                Kind.ATLAS_IMAGE_MANIFEST,
                5,
                overviewImage(atlas.acquired(), 0, 0, 46));
        add(folder + "Atlas.dm", Kind.ATLAS, 5, text(out -> AtlasXml.write(out, visit, atlas)));
    }

    // ---- one grid ----------------------------------------------------------------------------------------------

    private SimulatedSession.Grid planGrid(EpuModel.Grid grid) {
        String root = grid.folder() + "/";
        add(root + "EpuSession.dm", Kind.SESSION, 4, text(out -> SessionXml.write(out, visit, grid)));
        Map<Long, EpuModel.VisitedSquare> visitedById = new HashMap<>();
        grid.visited().forEach(v -> visitedById.put(v.square().id(), v));
        for (EpuModel.Square square : grid.squares()) {
            squareMetadata(grid, square, null, GridSquareXml.Stage.UNVISITED, 0);
        }
        List<SimulatedSession.FoilHoleManifest> foilHoles = new ArrayList<>();
        List<SimulatedSession.Micrograph> micrographs = new ArrayList<>();
        Map<Long, List<Long>> holeIds = new LinkedHashMap<>();
        Map<Long, List<Long>> nearIds = new LinkedHashMap<>();
        Map<Long, List<Long>> acquiredIds = new LinkedHashMap<>();
        for (EpuModel.VisitedSquare visited : grid.visited()) {
            EpuModel.Square square = visited.square();
            String squareFolder = root + "Images-Disc1/GridSquare_" + square.id() + "/";
            image(
                    squareFolder + "GridSquare_" + NetFormat.fileStamp(visited.imaged()),
                    Thumbnails.Kind.GRID_SQUARE,
                    square.id(),
                    Kind.GRID_SQUARE_MANIFEST,
                    2,
                    squareImage(visited));
            squareMetadata(grid, square, visited, GridSquareXml.Stage.IN_PROGRESS, 0);
            int halfway = visited.acquired().size() / 2;
            for (EpuModel.Hole hole : visited.acquired()) {
                for (int m = 0; m < hole.manifestTimes().size(); m++) {
                    String path = squareFolder + "FoilHoles/FoilHole_" + hole.id() + "_"
                            + NetFormat.fileStamp(hole.manifestTimes().get(m));
                    image(
                            path,
                            Thumbnails.Kind.FOIL_HOLE,
                            hole.id() + m,
                            Kind.FOIL_HOLE_MANIFEST,
                            1,
                            foilHoleImage(hole, m));
                    foilHoles.add(new SimulatedSession.FoilHoleManifest(
                            square.id(),
                            hole.id(),
                            hole.manifestGuids().get(m),
                            NetFormat.offsetTime(hole.manifestTimes().get(m)),
                            path + ".xml"));
                }
                for (EpuModel.Micrograph micrograph : hole.micrographs()) {
                    String path = squareFolder + "Data/" + GridSquareXml.micrographBaseName(hole, micrograph);
                    image(
                            path,
                            Thumbnails.Kind.MICROGRAPH,
                            micrograph.acquisitionId(),
                            Kind.MICROGRAPH_MANIFEST,
                            0,
                            micrographImage(hole, micrograph));
                    long key = micrograph.acquisitionId();
                    add(path + ".mrc", Kind.IMAGE, 0, out -> out.write(thumbnails.mrc(key)));
                    micrographs.add(new SimulatedSession.Micrograph(
                            micrograph.uniqueId(),
                            square.id(),
                            hole.id(),
                            micrograph.locationId(),
                            NetFormat.offsetTime(micrograph.time()),
                            path + ".xml"));
                }
                if (hole.acquisitionIndex() + 1 == halfway) {
                    squareMetadata(grid, square, visited, GridSquareXml.Stage.IN_PROGRESS, halfway);
                }
            }
            squareMetadata(
                    grid,
                    square,
                    visited,
                    GridSquareXml.Stage.COMPLETED,
                    visited.acquired().size());
            holeIds.put(
                    square.id(), visited.holes().stream().map(EpuModel.Hole::id).toList());
            nearIds.put(
                    square.id(),
                    visited.holes().stream()
                            .filter(EpuModel.Hole::nearGridBar)
                            .map(EpuModel.Hole::id)
                            .toList());
            acquiredIds.put(
                    square.id(),
                    visited.acquired().stream().map(EpuModel.Hole::id).toList());
        }
        EpuModel.Atlas atlas = grid.atlas();
        return new SimulatedSession.Grid(
                grid.folder(),
                grid.sessionId(),
                grid.folder(),
                SessionXml.atlasPath(visit, grid),
                atlas.id(),
                grid.squares().stream().map(EpuModel.Square::id).toList(),
                atlas.tiles().stream().map(EpuModel.Tile::id).toList(),
                grid.squares().stream().map(EpuModel.Square::id).toList(),
                grid.visited().stream().map(v -> v.square().id()).toList(),
                holeIds,
                nearIds,
                acquiredIds,
                foilHoles,
                micrographs);
    }

    private void squareMetadata(
            EpuModel.Grid grid,
            EpuModel.Square square,
            EpuModel.VisitedSquare visited,
            GridSquareXml.Stage stage,
            int completedHoles) {
        add(
                grid.folder() + "/Metadata/GridSquare_" + square.id() + ".dm",
                Kind.GRID_SQUARE_METADATA,
                3,
                text(out -> GridSquareXml.write(out, visit, grid, square, visited, stage, completedHoles)));
    }

    // ---- manifests ---------------------------------------------------------------------------------------------

    private void image(
            String base, Thumbnails.Kind thumbnail, long key, Kind kind, int depth, ManifestXml.Image image) {
        add(base + ".jpg", Kind.THUMBNAIL, depth, out -> out.write(thumbnails.jpeg(thumbnail, key)));
        add(base + ".xml", kind, depth, text(out -> ManifestXml.write(out, image)));
    }

    private ManifestXml.Image overviewImage(java.time.Instant time, double stageX, double stageY, int magnification) {
        Random random = new Random(time.getEpochSecond() ^ options.seed());
        return new ManifestXml.Image(
                EpuModel.guid(random),
                NetFormat.offsetTime(time),
                NetFormat.number(0.8 + random.nextDouble() * 0.2),
                NetFormat.number(0.5 + random.nextDouble()),
                NetFormat.number(1.2e15 + random.nextDouble() * 1e14),
                "-0.001",
                "",
                "1.9558814239614023E-07",
                2,
                2880,
                2046,
                "1",
                false,
                EpuModel.guid(random),
                "-0.001",
                true,
                false,
                "LM",
                "MicroProbe",
                magnification,
                "0.0009",
                NetFormat.number(stageX),
                NetFormat.number(stageY),
                NetFormat.number(EpuModel.STAGE_Z));
    }

    private ManifestXml.Image squareImage(EpuModel.VisitedSquare visited) {
        Random random = new Random(visited.square().id() ^ options.seed());
        return new ManifestXml.Image(
                EpuModel.guid(random),
                NetFormat.offsetTime(visited.imaged()),
                NetFormat.number(55 + random.nextDouble() * 10),
                NetFormat.number(15 + random.nextDouble()),
                NetFormat.number(3.5e16 + random.nextDouble() * 1e15),
                "-4.9999999999999996E-05",
                "",
                NetFormat.number(EpuModel.SQUARE_PIXEL_SIZE),
                2,
                2880,
                2046,
                "1",
                false,
                visited.manifestGuid(),
                NetFormat.number(-5e-5 + random.nextGaussian() * 1e-8),
                true,
                false,
                "LM",
                "MicroProbe",
                470,
                "0.00028714285714285712",
                NetFormat.number(visited.square().stageX()),
                NetFormat.number(visited.square().stageY()),
                NetFormat.number(EpuModel.STAGE_Z));
    }

    private ManifestXml.Image foilHoleImage(EpuModel.Hole hole, int manifest) {
        Random random = new Random(hole.id() * 31 + manifest ^ options.seed());
        return new ManifestXml.Image(
                hole.manifestGuids().get(manifest),
                NetFormat.offsetTime(hole.manifestTimes().get(manifest)),
                NetFormat.number(220 + random.nextDouble() * 20),
                NetFormat.number(57 + random.nextDouble()),
                NetFormat.number(8.5e19 + random.nextDouble() * 1e18),
                "-1.9999999999999998E-05",
                ManifestXml.foilHoleCenter(
                        NetFormat.pixel(1414 + random.nextGaussian() * 20),
                        NetFormat.pixel(1040 + random.nextGaussian() * 20),
                        "770.145",
                        NetFormat.number(0.7 + random.nextDouble() * 0.25)),
                "1.6359115173614214E-09",
                2,
                2880,
                2046,
                "1",
                false,
                EpuModel.guid(random),
                NetFormat.number(-2e-5 + random.nextGaussian() * 1e-7),
                true,
                false,
                "HM",
                "NanoProbe",
                11500,
                "9E-06",
                NetFormat.number(hole.stageX()),
                NetFormat.number(hole.stageY()),
                NetFormat.number(EpuModel.STAGE_Z));
    }

    private ManifestXml.Image micrographImage(EpuModel.Hole hole, EpuModel.Micrograph micrograph) {
        Random random = new Random(micrograph.acquisitionId() ^ options.seed());
        double applied = Math.round(micrograph.defocus() * 1e7) / 1e7;
        return new ManifestXml.Image(
                micrograph.uniqueId(),
                NetFormat.offsetTime(micrograph.time()),
                NetFormat.number(micrograph.doseOnCamera()),
                NetFormat.number(1.0 + random.nextDouble() * 0.3),
                NetFormat.number(1.4e21 + random.nextDouble() * 1e20),
                NetFormat.number(applied),
                "",
                "1.0558814239614023E-10",
                2,
                2880,
                2046,
                "0.89",
                true,
                EpuModel.guid(random),
                NetFormat.number(micrograph.defocus()),
                true,
                true,
                "HM",
                "NanoProbe",
                165000,
                "8.2999999999999989E-07",
                NetFormat.number(hole.stageX() + random.nextGaussian() * 1e-8),
                NetFormat.number(hole.stageY() + random.nextGaussian() * 1e-8),
                NetFormat.number(EpuModel.STAGE_Z));
    }

    // ---- plumbing ----------------------------------------------------------------------------------------------

    private void add(String path, Kind kind, int depth, PlannedWrite.Content content) {
        steps.add(new Step(new PlannedWrite(path, kind, content), depth));
    }

    private static PlannedWrite.Content text(TextBody body) {
        return out -> {
            Utf8Sink sink = new Utf8Sink(out);
            body.writeTo(sink);
            sink.finish();
        };
    }

    private List<PlannedWrite> order(List<Step> realistic) {
        return switch (options.order()) {
            case REALISTIC -> realistic.stream().map(Step::write).toList();
            case CHILDREN_FIRST ->
                realistic.stream()
                        .sorted(Comparator.comparingInt(Step::depth))
                        .map(Step::write)
                        .toList();
            case RANDOM ->
                shuffleKeepingRewriteOrder(realistic.stream().map(Step::write).toList());
        };
    }

    /** A seeded shuffle in which the writes of one path keep their relative order (the last version stays last). */
    private List<PlannedWrite> shuffleKeepingRewriteOrder(List<PlannedWrite> writes) {
        List<PlannedWrite> shuffled = new ArrayList<>(writes);
        Collections.shuffle(shuffled, new Random(options.seed() ^ 0x5DEECE66DL));
        Map<String, List<PlannedWrite>> versions = new HashMap<>();
        for (PlannedWrite write : writes) {
            versions.computeIfAbsent(write.relativePath(), p -> new ArrayList<>())
                    .add(write);
        }
        Map<String, Integer> used = new HashMap<>();
        List<PlannedWrite> result = new ArrayList<>(shuffled.size());
        for (PlannedWrite slot : shuffled) {
            int next = used.merge(slot.relativePath(), 1, Integer::sum) - 1;
            result.add(versions.get(slot.relativePath()).get(next));
        }
        return result;
    }
}
