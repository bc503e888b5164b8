package io.sightline.core.epu.read;

import io.sightline.core.epu.model.FoilHole;
import io.sightline.core.epu.model.FoilHoleManifest;
import io.sightline.core.epu.model.FoilHoleTarget;

/**
 * Pure merge rules for a foil hole seen through several files. The grid square's {@code .dm} target and
 * the foil-hole manifests describe different images, so a manifest never replaces the target's fields
 * (and a rewritten {@code .dm} never drops the manifest). Among manifests the latest by acquisition time
 * wins; EPU writes one per re-centring, in any order on disk.
 */
public final class FoilHoleMerge {
    private FoilHoleMerge() {}

    /** Sets (or replaces, for a rewritten {@code .dm}) the target, keeping any manifest. */
    public static FoilHole withTarget(FoilHole current, long squareId, FoilHoleTarget target) {
        if (current == null) {
            return new FoilHole(target.holeId(), squareId, target, null, 0);
        }
        return new FoilHole(current.holeId(), current.squareId(), target, current.manifest(), current.manifestsSeen());
    }

    /** Adds a manifest: it becomes the hole's manifest only if it is newer; the target is kept. */
    public static FoilHole withManifest(FoilHole current, FoilHoleManifest manifest) {
        if (current == null) {
            return new FoilHole(manifest.holeId(), manifest.squareId(), null, manifest, 1);
        }
        FoilHoleManifest latest =
                current.manifest() == null || isNewer(manifest, current.manifest()) ? manifest : current.manifest();
        return new FoilHole(
                current.holeId(), current.squareId(), current.target(), latest, current.manifestsSeen() + 1);
    }

    /**
     * True when {@code a} is newer than {@code b}: later acquisition time; a missing time counts as oldest;
     * equal times fall back to the unique id so that merge order never changes the result.
     */
    public static boolean isNewer(FoilHoleManifest a, FoilHoleManifest b) {
        if (a.acquisitionTime() != null && b.acquisitionTime() != null) {
            int byTime = a.acquisitionTime().compareTo(b.acquisitionTime());
            if (byTime != 0) {
                return byTime > 0;
            }
        } else if (a.acquisitionTime() != null || b.acquisitionTime() != null) {
            return a.acquisitionTime() != null;
        }
        return a.uniqueId().compareTo(b.uniqueId()) > 0;
    }
}
