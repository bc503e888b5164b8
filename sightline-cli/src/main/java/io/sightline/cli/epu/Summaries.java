package io.sightline.cli.epu;

import io.sightline.cli.support.Lines;
import io.sightline.core.epu.dir.EpuDirectory;
import io.sightline.core.epu.dir.GridModel;
import io.sightline.core.epu.dir.GridSquare;
import io.sightline.core.epu.dir.Pending;
import io.sightline.core.epu.dir.Problem;
import io.sightline.core.epu.kind.EpuFileKind;
import io.sightline.core.epu.kind.EpuKinds;
import io.sightline.core.epu.model.EpuRecord;
import io.sightline.core.epu.model.EpuSession;
import java.util.Locale;

/** Readable text for what {@code parse} read: the few facts a person checks first, one per line. */
final class Summaries {

    private static final int PROBLEMS_SHOWN = 20;

    private Summaries() {}

    /** The summary the record's kind gives. */
    static String of(EpuKinds kinds, EpuFileKind<?, ?> kind, EpuRecord record) {
        Lines l = new Lines();
        kinds.summarise(kind, record, l::add);
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
}
