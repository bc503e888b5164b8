package io.sightline.core.epu.kind;

import io.sightline.core.epu.model.EpuSession;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which atlas a grid uses: the one rule for {@code parse dir} and the agent. A session names its atlas by
 * a Windows path on the microscope PC ({@code Z:\DoseFractions\visit\atlas\Supervisor_..._Atlas\Sample7\
 * Atlas\Atlas.dm}); minus the session's storage folder it is relative to the visit folder, the parent of
 * the grid folder. An atlas file links to the grid when it is exactly there ({@link #expected}), or when
 * its path ends with at least the reference's last {@value #TAIL} segments ({@code Sample<N>/Atlas/Atlas.dm}),
 * compared ignoring case (an atlas folder renamed or copied elsewhere in the visit, a storage folder that
 * does not prefix the reference). Every atlas session has such a tail, so when several files link, the
 * longer match wins: the atlas session's own folder name tells two of them apart.
 *
 * <p>Whether a file links is decided by the pair alone, so a reader that sees every file at once and an
 * agent that sees them one by one agree; when several files link, both keep the one with the highest
 * {@link #score}, the first in path order among equals.
 *
 * @param expected  where the reference resolves under the visit folder, or null when the storage folder
 *                  does not prefix it
 * @param reference the reference's segments
 */
public record AtlasLink(Path expected, List<String> reference) {

    /** How many trailing segments must match when the atlas is not where the reference resolves. */
    public static final int TAIL = 3;

    public AtlasLink {
        reference = List.copyOf(reference);
    }

    /** The link {@code session} of the grid in {@code gridFolder} describes; empty when it names no atlas. */
    public static Optional<AtlasLink> of(Path gridFolder, EpuSession session) {
        String ref = session.atlasReference();
        if (ref == null || ref.isBlank()) {
            return Optional.empty();
        }
        List<String> refSegments = segments(ref);
        if (refSegments.isEmpty()) {
            return Optional.empty();
        }
        Path visit = gridFolder.toAbsolutePath().normalize().getParent();
        Path expected = null;
        String storage = session.storageFolder();
        if (visit != null && storage != null) {
            List<String> storageSegments = segments(storage);
            if (startsWithIgnoreCase(refSegments, storageSegments)) {
                Path candidate = visit;
                for (String s : refSegments.subList(storageSegments.size(), refSegments.size())) {
                    candidate = candidate.resolve(s);
                }
                expected = candidate.normalize();
            }
        }
        return Optional.of(new AtlasLink(expected, refSegments));
    }

    /**
     * How well {@code atlasFile} (absolute, normalised) matches: 0 when it does not link, the largest value
     * when it is {@link #expected}, otherwise the number of trailing segments it shares with the reference.
     */
    public int score(Path atlasFile) {
        if (atlasFile.equals(expected)) {
            return Integer.MAX_VALUE;
        }
        int tail = commonTail(segments(atlasFile.toString()), reference);
        return tail >= Math.min(TAIL, reference.size()) ? tail : 0;
    }

    public boolean links(Path atlasFile) {
        return score(atlasFile) > 0;
    }

    /**
     * Whether {@code candidate} should replace {@code current} (null: none yet) as the grid's atlas: it
     * links and scores higher, or as high and comes first in path order.
     */
    public boolean prefers(Path candidate, Path current) {
        int s = score(candidate);
        if (s == 0) {
            return false;
        }
        if (current == null) {
            return true;
        }
        int c = score(current);
        return s > c || (s == c && candidate.compareTo(current) < 0);
    }

    /** The atlas among {@code candidates} this grid uses. */
    public Optional<Path> best(Collection<Path> candidates) {
        Path best = null;
        for (Path c : candidates) {
            if (prefers(c, best)) {
                best = c;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Non-empty segments of a path with either separator, stripped of surrounding spaces. */
    static List<String> segments(String path) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= path.length(); i++) {
            if (i == path.length() || path.charAt(i) == '\\' || path.charAt(i) == '/') {
                if (i > start) {
                    String s = path.substring(start, i).strip();
                    if (!s.isEmpty()) {
                        out.add(s);
                    }
                }
                start = i + 1;
            }
        }
        return out;
    }

    private static boolean startsWithIgnoreCase(List<String> full, List<String> prefix) {
        if (prefix.isEmpty() || prefix.size() >= full.size()) {
            return false;
        }
        for (int i = 0; i < prefix.size(); i++) {
            if (!full.get(i).equalsIgnoreCase(prefix.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static int commonTail(List<String> a, List<String> b) {
        int n = 0;
        while (n < a.size()
                && n < b.size()
                && a.get(a.size() - 1 - n)
                        .toLowerCase(Locale.ROOT)
                        .equals(b.get(b.size() - 1 - n).toLowerCase(Locale.ROOT))) {
            n++;
        }
        return n;
    }
}
