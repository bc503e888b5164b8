package io.sightline.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sightline.pipeline.exec.JobMarkers;
import io.sightline.pipeline.exec.JobState;
import io.sightline.pipeline.exec.ResourceProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResourceProfileTest {

    @Test
    void laterProfilesWinAndAbsentValuesKeepTheEarlierOnes() {
        ResourceProfile defaults = new ResourceProfile("cpu", 1, 1, 4, null, "8G", "01:00:00", Map.of(1, "a", 2, "b"));
        ResourceProfile jobType = new ResourceProfile("gpu", null, null, null, 1, null, null, Map.of(2, "B"));
        ResourceProfile user = new ResourceProfile(null, null, null, 8, null, null, "02:00:00", Map.of(3, "c"));

        ResourceProfile merged = defaults.overriddenBy(jobType).overriddenBy(user);

        assertThat(merged)
                .isEqualTo(new ResourceProfile("gpu", 1, 1, 8, 1, "8G", "02:00:00", Map.of(1, "a", 2, "B", 3, "c")));
    }

    @Test
    void extrasOutsideOneToEightAreRefused() {
        assertThatThrownBy(() -> new ResourceProfile(null, null, null, null, null, null, null, Map.of(9, "x")))
                .hasMessageContaining("XXXextra1XXX..XXXextra8XXX");
    }

    @Test
    void failureMarkerOutranksSuccess(@TempDir Path dir) throws Exception {
        assertThat(JobMarkers.read(dir)).isEmpty();
        Files.createFile(dir.resolve(JobMarkers.SUCCESS));
        assertThat(JobMarkers.read(dir)).contains(JobState.SUCCEEDED);
        Files.createFile(dir.resolve(JobMarkers.FAILURE));
        assertThat(JobMarkers.read(dir)).contains(JobState.FAILED);
    }
}
