package io.sightline.fastmon.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class PartitionSamplerTest {

    @Property
    void samplesAreOnePerPartitionInsideTheStfAndNeverOverlap(
            @ForAll @IntRange(min = 1, max = 5000) int tfCount,
            @ForAll @IntRange(min = 1, max = 20) int n,
            @ForAll @DoubleRange(min = 0.001, max = 1.0) @net.jqwik.api.constraints.Scale(3) double fraction,
            @ForAll long seed) {
        List<TfSample> samples = new PartitionSampler(n, fraction, seed).sample("swf.000001.000001.stf", tfCount);
        assertThat(samples).hasSize(Math.min(n, tfCount));
        int previousLast = -1;
        for (int i = 0; i < samples.size(); i++) {
            TfSample s = samples.get(i);
            assertThat(s.first()).isGreaterThan(previousLast);
            assertThat(s.last()).isLessThan(tfCount);
            assertThat((long) s.first()).isGreaterThanOrEqualTo((long) i * tfCount / samples.size());
            assertThat((long) s.last()).isLessThan((long) (i + 1) * tfCount / samples.size());
            assertThat(s.count()).isEqualTo(s.last() - s.first() + 1);
            previousLast = s.last();
        }
    }

    @Test
    void theSameSeedDrawsTheSameSamplesAndAnotherSeedOthers() {
        List<TfSample> a = new PartitionSampler(7, 0.15, 42).sample("swf.100010.000001.stf", 1000);
        assertThat(new PartitionSampler(7, 0.15, 42).sample("swf.100010.000001.stf", 1000))
                .isEqualTo(a);
        assertThat(new PartitionSampler(7, 0.15, 43).sample("swf.100010.000001.stf", 1000))
                .isNotEqualTo(a);
        assertThat(new PartitionSampler(7, 0.15, 42).sample("swf.100010.000002.stf", 1000))
                .isNotEqualTo(a);
    }

    @Test
    void samplesHoldAboutTheFractionAndAreNamedAsSwfNamesThem() {
        List<TfSample> s = new PartitionSampler(7, 0.15, 1).sample("swf.100010.000001.stf", 1000);
        assertThat(s.stream().mapToInt(TfSample::count).sum()).isEqualTo(7 * 21);
        assertThat(s.getFirst().tfFilename()).isEqualTo("swf.100010.000001_tf_001.tf");
        assertThat(s.getLast().tfFilename()).isEqualTo("swf.100010.000001_tf_007.tf");
    }

    @Test
    void nonsenseSettingsAreRefused() {
        assertThatThrownBy(() -> new PartitionSampler(0, 0.1, 0)).hasMessageContaining("samples");
        assertThatThrownBy(() -> new PartitionSampler(7, 0, 0)).hasMessageContaining("fraction");
        assertThatThrownBy(() -> new PartitionSampler(7, 0.1, 0).sample("x.stf", 0))
                .hasMessageContaining("time frame");
    }
}
