package io.sightline.core.epu.kind;

import io.sightline.core.epu.model.Atlas;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The grids met so far and the atlas each takes, for a consumer that meets files one at a time (the agent).
 * It applies the {@link AtlasLink} rule {@code parse dir} applies to a whole folder: a grid takes the atlas
 * its link prefers among those offered, so once every file has been offered both agree. Not thread-safe.
 */
public final class AtlasLinks {

    private final Map<String, AtlasLink> grids = new LinkedHashMap<>();
    private final Map<String, Path> taken = new HashMap<>();
    /**
     * The atlases offered so far, so that a grid whose session comes after its atlas was applied to another
     * grid still gets it (two grids of one cassette share an atlas; the second session is written hours
     * later). Only this run's: an atlas unchanged since an earlier run is not read again.
     */
    private final Map<Path, Atlas> atlases = new TreeMap<>();

    /** An atlas already offered, that a grid takes. */
    public record Taken(Path file, Atlas atlas) {}

    /**
     * Records (or replaces) the link of the grid {@code gridUuid} (null when its session names no atlas) and
     * answers the atlas already offered that the grid takes, if any.
     */
    public Optional<Taken> grid(String gridUuid, AtlasLink link) {
        grids.put(gridUuid, link);
        if (link == null) {
            return Optional.empty();
        }
        Optional<Path> best = link.best(atlases.keySet());
        best.ifPresent(p -> taken.put(gridUuid, p));
        return best.map(p -> new Taken(p, atlases.get(p)));
    }

    /**
     * The grids that take {@code atlasFile} now: those it links and that prefer it to the atlas they took
     * before (or took it before: a re-read). Empty when no grid's session links it, so it should wait for
     * one; an empty list when it links but every grid has a better atlas.
     */
    public Optional<List<String>> offer(Path atlasFile, Atlas atlas) {
        atlases.put(atlasFile, atlas);
        List<String> out = new ArrayList<>();
        boolean linked = false;
        for (Map.Entry<String, AtlasLink> g : grids.entrySet()) {
            AtlasLink link = g.getValue();
            if (link == null || !link.links(atlasFile)) {
                continue;
            }
            linked = true;
            Path current = taken.get(g.getKey());
            if (atlasFile.equals(current) || link.prefers(atlasFile, current)) {
                taken.put(g.getKey(), atlasFile);
                out.add(g.getKey());
            }
        }
        return linked ? Optional.of(out) : Optional.empty();
    }

    /**
     * The atlas file the grid would take among {@code atlasFiles} by its session's link, whether or not they
     * were offered: an atlas unchanged since an earlier run is not read again, but its images still need
     * to know their grid (the agent's image registrar).
     */
    public Optional<Path> bestOf(String gridUuid, java.util.Collection<Path> atlasFiles) {
        AtlasLink link = grids.get(gridUuid);
        return link == null ? Optional.empty() : link.best(atlasFiles);
    }

    /**
     * The grids, in the order met, that take {@code atlasFile}: the atlas each took, else the best of
     * {@code atlasFiles} by its session's link (as {@link #bestOf}). The reverse of {@link #atlasOf} and
     * {@link #bestOf}, for an atlas image that needs to know its grid (the agent's image registrar).
     */
    public List<String> gridsTaking(Path atlasFile, java.util.Collection<Path> atlasFiles) {
        Path wanted = atlasFile.toAbsolutePath().normalize();
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, AtlasLink> g : grids.entrySet()) {
            Path current = taken.get(g.getKey());
            Optional<Path> takes = current != null
                    ? Optional.of(current)
                    : g.getValue() == null ? Optional.empty() : g.getValue().best(atlasFiles);
            if (takes.map(p -> p.toAbsolutePath().normalize())
                    .filter(wanted::equals)
                    .isPresent()) {
                out.add(g.getKey());
            }
        }
        return out;
    }

    /** The atlas file the grid takes so far. */
    public Optional<Path> atlasOf(String gridUuid) {
        return Optional.ofNullable(taken.get(gridUuid));
    }
}
