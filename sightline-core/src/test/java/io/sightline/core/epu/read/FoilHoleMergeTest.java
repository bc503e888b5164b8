package io.sightline.core.epu.read;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.core.epu.model.FoilHole;
import io.sightline.core.epu.model.FoilHoleManifest;
import io.sightline.core.epu.model.FoilHoleTarget;
import io.sightline.core.epu.model.PixelPoint;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FoilHoleMergeTest {

    private static final FoilHoleTarget TARGET =
            new FoilHoleTarget(5, new PixelPoint(10, 20), 51.0, null, false, "Completed", true, null);

    private static FoilHoleManifest manifest(String id, String time, double x) {
        return new FoilHoleManifest(
                5, 1, id, time == null ? null : Instant.parse(time), new PixelPoint(x, x), null, 0.8, 0.1, null, null);
    }

    @Test
    void theLatestManifestWinsWhateverTheOrder() {
        FoilHoleManifest early = manifest("b", "2025-01-08T15:47:11Z", 1);
        FoilHoleManifest late = manifest("a", "2025-01-08T15:47:21Z", 2);

        FoilHole inOrder = FoilHoleMerge.withManifest(FoilHoleMerge.withManifest(null, early), late);
        FoilHole reversed = FoilHoleMerge.withManifest(FoilHoleMerge.withManifest(null, late), early);

        assertThat(inOrder.manifest()).isEqualTo(late);
        assertThat(reversed.manifest()).isEqualTo(late);
        assertThat(inOrder.manifestsSeen()).isEqualTo(2);
    }

    @Test
    void aManifestKeepsTheTargetFieldsFromTheDm() {
        FoilHole withTarget = FoilHoleMerge.withTarget(null, 1, TARGET);
        FoilHole merged = FoilHoleMerge.withManifest(withTarget, manifest("a", "2025-01-08T15:47:21Z", 999));

        assertThat(merged.target()).isEqualTo(TARGET);
        assertThat(merged.target().pixelCenter()).isEqualTo(new PixelPoint(10, 20));
        assertThat(merged.manifest().center()).isEqualTo(new PixelPoint(999, 999));
    }

    @Test
    void aRewrittenDmKeepsTheManifest() {
        FoilHoleManifest m = manifest("a", "2025-01-08T15:47:21Z", 3);
        FoilHole merged = FoilHoleMerge.withTarget(FoilHoleMerge.withManifest(null, m), 1, TARGET);

        assertThat(merged.manifest()).isEqualTo(m);
        assertThat(merged.target()).isEqualTo(TARGET);
    }

    @Test
    void aManifestWithoutTimeNeverBeatsOneWithTime() {
        FoilHoleManifest timed = manifest("a", "2025-01-08T15:47:21Z", 1);
        FoilHoleManifest untimed = manifest("z", null, 2);

        assertThat(FoilHoleMerge.withManifest(FoilHoleMerge.withManifest(null, timed), untimed)
                        .manifest())
                .isEqualTo(timed);
        assertThat(FoilHoleMerge.withManifest(FoilHoleMerge.withManifest(null, untimed), timed)
                        .manifest())
                .isEqualTo(timed);
    }
}
