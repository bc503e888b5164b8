package io.sightline.cli.epu;

import io.sightline.cli.support.Lines;
import io.sightline.core.epu.dir.EpuDirectory;
import io.sightline.core.epu.dir.GridModel;
import io.sightline.core.epu.dir.GridSquare;
import io.sightline.core.epu.dir.Pending;
import io.sightline.core.epu.dir.Problem;
import io.sightline.core.epu.model.Atlas;
import io.sightline.core.epu.model.EpuRecord;
import io.sightline.core.epu.model.EpuSession;
import io.sightline.core.epu.model.FoilHoleManifest;
import io.sightline.core.epu.model.FoilHoleTarget;
import io.sightline.core.epu.model.GridSquareManifest;
import io.sightline.core.epu.model.GridSquareMetadata;
import io.sightline.core.epu.model.Instrument;
import io.sightline.core.epu.model.MicrographManifest;
import io.sightline.core.epu.model.StagePosition;
import java.util.Locale;
import java.util.Objects;

/** Readable text for what {@code parse} read: the few facts a person checks first, one per line. */
final class Summaries {

    private static final int PROBLEMS_SHOWN = 20;

    private Summaries() {}

    static String of(EpuRecord record) {
        Lines l = new Lines();
        switch (record) {
            case EpuSession s -> {
                l.add("session", s.id() + "  " + s.name());
                l.add("started", s.startTime());
                l.add(
                        "clustering",
                        s.clusteringMode()
                                + (s.clusteringRadius() == null
                                        ? ""
                                        : String.format(Locale.ROOT, ", radius %.3g m", s.clusteringRadius())));
                l.add("storage folder", s.storageFolder());
                l.add("atlas", s.atlasReference());
            }
            case Atlas a -> {
                l.add("atlas session", a.sessionId() + "  " + a.name());
                l.add("description", a.description());
                l.add("acquired", a.acquisitionTime());
                l.add("storage folder", a.storageFolder());
                l.add("tiles", a.tiles().size());
                l.add("grid squares", a.squares().size());
            }
            case GridSquareMetadata g -> {
                long nearBar = g.targets().stream()
                        .filter(t -> Boolean.TRUE.equals(t.nearGridBar()))
                        .count();
                l.add("grid square", g.squareId());
                l.add(
                        "state",
                        g.state()
                                + (Boolean.TRUE.equals(g.selected()) ? ", selected" : "")
                                + (Boolean.TRUE.equals(g.unusable()) ? ", unusable" : ""));
                l.add("stage position", stage(g.stagePosition()));
                l.add("rotation", g.rotation() == null ? null : String.format(Locale.ROOT, "%.4f rad", g.rotation()));
                l.add("image", g.imagePath());
                l.add("foil-hole targets", g.targets().size() + " (" + nearBar + " near a grid bar)");
                g.targets().stream().limit(3).forEach(t -> l.add("  hole " + t.holeId(), target(t)));
            }
            case GridSquareManifest m -> {
                l.add("grid square", m.squareId());
                l.add("acquired", m.acquisitionTime());
                l.add("defocus", metres(m.defocus()));
                l.add("magnification", m.magnification());
                l.add("pixel size", metres(m.pixelSize()));
                l.add("detector", m.detector());
                l.add("instrument", instrument(m.instrument()));
            }
            case FoilHoleManifest f -> {
                l.add("foil hole", f.holeId() + " on grid square " + f.squareId());
                l.add("acquired", f.acquisitionTime());
                l.add(
                        "centre",
                        f.center() == null
                                ? null
                                : String.format(
                                        Locale.ROOT,
                                        "(%.1f, %.1f) px",
                                        f.center().x(),
                                        f.center().y()));
                l.add(
                        "size",
                        f.size() == null
                                ? null
                                : String.format(
                                        Locale.ROOT,
                                        "%.1f x %.1f px",
                                        f.size().width(),
                                        f.size().height()));
                l.add("quality", f.quality());
                l.add("rotation", f.rotation());
            }
            case MicrographManifest m -> {
                l.add("micrograph", m.uniqueId());
                l.add("foil hole", m.foilHoleId() + " on grid square " + m.squareId() + ", location " + m.locationId());
                l.add("acquired", m.acquisitionTime());
                l.add(
                        "camera",
                        m.camera()
                                + (m.readoutWidth() == null
                                        ? ""
                                        : ", readout " + m.readoutWidth() + " x " + m.readoutHeight())
                                + (m.binning() == null ? "" : ", binning " + m.binning()));
                l.add("detector", m.detector());
                l.add("defocus", metres(m.defocus()));
                l.add("energy filter", m.energyFilter());
                l.add("phase plate", m.phasePlate());
                l.add("dose", m.dose());
                l.add("exposure time", m.exposureTime() == null ? null : m.exposureTime() + " s");
                l.add("instrument", instrument(m.instrument()));
            }
        }
        return l.toString();
    }

    static String of(EpuDirectory dir, long elapsedNanos) {
        Lines l = new Lines();
        l.add("folder", dir.root());
        l.add("read", String.format(Locale.ROOT, "%d files in %.2f s", dir.filesRead(), elapsedNanos / 1e9));
        l.add("grids", dir.grids().size());
        for (GridModel g : dir.grids()) {
            l.blank();
            EpuSession s = g.session();
            l.add("grid", g.folder().getFileName());
            l.add("  session", s == null ? "(unreadable)" : s.id() + "  " + s.name() + "  started " + s.startTime());
            l.add(
                    "  atlas",
                    g.atlas() != null
                            ? g.atlas().sessionId() + ", " + g.atlas().tiles().size() + " tiles, "
                                    + g.atlas().squares().size() + " squares positioned  (" + g.atlasFile() + ")"
                            : g.atlasFile() != null ? "unreadable: " + g.atlasFile() : "not found");
            long withMetadata = g.squares().values().stream()
                    .filter(q -> q.metadata() != null)
                    .count();
            long visited =
                    g.squares().values().stream().filter(Summaries::visited).count();
            l.add(
                    "  grid squares",
                    g.squares().size() + " (" + withMetadata + " with metadata, " + visited
                            + " with foil-hole targets)");
            long withManifest = g.foilHoles().values().stream()
                    .filter(h -> h.manifest() != null)
                    .count();
            l.add("  foil holes", g.foilHoles().size() + " (" + withManifest + " with an image manifest)");
            l.add("  micrographs", g.micrographs().size());
            l.add(
                    "  pending",
                    g.pending().isEmpty() ? "none" : g.pending().size() + " children whose parent is not known yet");
            g.pending().stream().limit(3).forEach(p -> l.item(pending(p)));
            l.add("  problems", g.problems().isEmpty() ? "none" : g.problems().size());
            g.problems().stream().limit(PROBLEMS_SHOWN).forEach(p -> l.item(problem(p)));
        }
        if (!dir.unassigned().isEmpty()) {
            l.blank();
            l.add("outside any grid", dir.unassigned().size() + " recognised files");
        }
        if (!dir.problems().isEmpty()) {
            l.blank();
            l.add("problems outside any grid", dir.problems().size());
            dir.problems().stream().limit(PROBLEMS_SHOWN).forEach(p -> l.item(problem(p)));
        }
        return l.toString();
    }

    private static boolean visited(GridSquare square) {
        return square.metadata() != null && !square.metadata().targets().isEmpty();
    }

    private static String pending(Pending p) {
        return p.kind() + " " + p.id() + " waits for " + p.parentKind() + " " + p.parentId();
    }

    private static String problem(Problem p) {
        return p.error().kind() + ": " + p.error().getMessage();
    }

    private static String target(FoilHoleTarget t) {
        return String.format(
                Locale.ROOT,
                "pixel (%.0f, %.0f), diameter %s px%s",
                t.pixelCenter() == null ? Double.NaN : t.pixelCenter().x(),
                t.pixelCenter() == null ? Double.NaN : t.pixelCenter().y(),
                t.diameter() == null ? "?" : String.format(Locale.ROOT, "%.2f", t.diameter()),
                Boolean.TRUE.equals(t.nearGridBar()) ? ", near a grid bar" : "");
    }

    private static String stage(StagePosition p) {
        return p == null ? null : String.format(Locale.ROOT, "x %.4g m, y %.4g m, z %.4g m", p.x(), p.y(), p.z());
    }

    private static String metres(Double value) {
        return value == null ? null : String.format(Locale.ROOT, "%.4g m", value);
    }

    private static String instrument(Instrument i) {
        return i == null
                ? null
                : String.join(" ", Objects.toString(i.model(), ""), Objects.toString(i.id(), ""))
                        .trim();
    }
}
