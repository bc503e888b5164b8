package io.sightline.core.epu.kind;

import io.sightline.core.epu.model.Atlas;
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
import java.util.function.BiConsumer;

/**
 * The summaries of the standard kinds' records: the few facts a person checks first, as labelled values
 * (a null value is left out by the caller).
 */
public final class EpuSummaries {

    private EpuSummaries() {}

    /** {@code sightline parse session}. */
    public static void session(EpuSession s, BiConsumer<String, Object> l) {
        l.accept("session", s.id() + "  " + s.name());
        l.accept("started", s.startTime());
        l.accept(
                "clustering",
                s.clusteringMode()
                        + (s.clusteringRadius() == null
                                ? ""
                                : String.format(Locale.ROOT, ", radius %.3g m", s.clusteringRadius())));
        l.accept("storage folder", s.storageFolder());
        l.accept("atlas", s.atlasReference());
    }

    /** {@code sightline parse atlas}. */
    public static void atlas(Atlas a, BiConsumer<String, Object> l) {
        l.accept("atlas session", a.sessionId() + "  " + a.name());
        l.accept("description", a.description());
        l.accept("acquired", a.acquisitionTime());
        l.accept("storage folder", a.storageFolder());
        l.accept("tiles", a.tiles().size());
        l.accept("grid squares", a.squares().size());
    }

    /** {@code sightline parse gridSquareMetadata}. */
    public static void gridSquareMetadata(GridSquareMetadata g, BiConsumer<String, Object> l) {
        long nearBar = g.targets().stream()
                .filter(t -> Boolean.TRUE.equals(t.nearGridBar()))
                .count();
        l.accept("grid square", g.squareId());
        l.accept(
                "state",
                g.state()
                        + (Boolean.TRUE.equals(g.selected()) ? ", selected" : "")
                        + (Boolean.TRUE.equals(g.unusable()) ? ", unusable" : ""));
        l.accept("stage position", stage(g.stagePosition()));
        l.accept("rotation", g.rotation() == null ? null : String.format(Locale.ROOT, "%.4f rad", g.rotation()));
        l.accept("image", g.imagePath());
        l.accept("foil-hole targets", g.targets().size() + " (" + nearBar + " near a grid bar)");
        g.targets().stream().limit(3).forEach(t -> l.accept("  hole " + t.holeId(), target(t)));
    }

    /** {@code sightline parse gridSquareManifest}. */
    public static void gridSquareManifest(GridSquareManifest m, BiConsumer<String, Object> l) {
        l.accept("grid square", m.squareId());
        l.accept("acquired", m.acquisitionTime());
        l.accept("defocus", metres(m.defocus()));
        l.accept("magnification", m.magnification());
        l.accept("pixel size", metres(m.pixelSize()));
        l.accept("detector", m.detector());
        l.accept("instrument", instrument(m.instrument()));
    }

    /** {@code sightline parse foilHoleManifest}. */
    public static void foilHoleManifest(FoilHoleManifest f, BiConsumer<String, Object> l) {
        l.accept("foil hole", f.holeId() + " on grid square " + f.squareId());
        l.accept("acquired", f.acquisitionTime());
        l.accept(
                "centre",
                f.center() == null
                        ? null
                        : String.format(
                                Locale.ROOT,
                                "(%.1f, %.1f) px",
                                f.center().x(),
                                f.center().y()));
        l.accept(
                "size",
                f.size() == null
                        ? null
                        : String.format(
                                Locale.ROOT,
                                "%.1f x %.1f px",
                                f.size().width(),
                                f.size().height()));
        l.accept("quality", f.quality());
        l.accept("rotation", f.rotation());
    }

    /** {@code sightline parse micrograph}. */
    public static void micrograph(MicrographManifest m, BiConsumer<String, Object> l) {
        l.accept("micrograph", m.uniqueId());
        l.accept("foil hole", m.foilHoleId() + " on grid square " + m.squareId() + ", location " + m.locationId());
        l.accept("acquired", m.acquisitionTime());
        l.accept(
                "camera",
                m.camera()
                        + (m.readoutWidth() == null ? "" : ", readout " + m.readoutWidth() + " x " + m.readoutHeight())
                        + (m.binning() == null ? "" : ", binning " + m.binning()));
        l.accept("detector", m.detector());
        l.accept("defocus", metres(m.defocus()));
        l.accept("energy filter", m.energyFilter());
        l.accept("phase plate", m.phasePlate());
        l.accept("dose", m.dose());
        l.accept("exposure time", m.exposureTime() == null ? null : m.exposureTime() + " s");
        l.accept("instrument", instrument(m.instrument()));
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
