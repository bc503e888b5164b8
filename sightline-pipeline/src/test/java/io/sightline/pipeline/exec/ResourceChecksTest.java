package io.sightline.pipeline.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ResourceChecksTest {
    @Test
    void aSaneProfileHasNoProblems() {
        assertThat(ResourceChecks.problems(
                        new ResourceProfile("gpu,debug", 1, 4, 8, 2, "64G", "1-00:00:00", Map.of(2, "g2|g3"))))
                .isEmpty();
        assertThat(ResourceChecks.problems(ResourceProfile.EMPTY)).isEmpty();
    }

    @Test
    void everyValueOutOfBoundsIsNamed() {
        var problems = ResourceChecks.problems(new ResourceProfile(
                "gpu\n#SBATCH --uid=0", 0, 100_001, 0, 65, "lots", "soon", Map.of(2, "a\"; rm -rf /")));

        assertThat(problems)
                .extracting(ResourceChecks.Problem::field)
                .containsExactlyInAnyOrder("partition", "nodes", "tasks", "cpus", "gpus", "memory", "time", "extras.2");
        assertThat(problems)
                .filteredOn(p -> p.field().equals("cpus"))
                .singleElement()
                .extracting(ResourceChecks.Problem::message)
                .isEqualTo("0 is outside [1, 4096]");
    }

    @Test
    void slurmsMemoryAndTimeSpellingsAreAccepted() {
        assertThat(ResourceChecks.validMemory("4000M")).isTrue();
        assertThat(ResourceChecks.validMemory("4000")).isTrue();
        assertThat(ResourceChecks.validMemory("4 G")).isFalse();
        assertThat(ResourceChecks.validTime("90")).isTrue();
        assertThat(ResourceChecks.validTime("3:30:00")).isTrue();
        assertThat(ResourceChecks.validTime("1-00:00:00")).isTrue();
        assertThat(ResourceChecks.validTime("1h")).isFalse();
    }
}
