package io.sightline.agent.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WatchStatusTest {

    @Test
    void statusLineSaysWhatTheWatcherDoesAndHowMuchItTracks() {
        Instant since = Instant.parse("2026-01-01T10:00:00Z");
        WatchStatus watching = new WatchStatus(
                Path.of("/v"),
                WatchStatus.State.WATCHING,
                since,
                Optional.of(since.plusSeconds(10)),
                Duration.ofMillis(42),
                1200,
                3,
                17,
                false);
        WatchStatus waiting = new WatchStatus(
                Path.of("/v"),
                WatchStatus.State.WAITING_FOR_FOLDER,
                since,
                Optional.empty(),
                Duration.ZERO,
                0,
                0,
                0,
                true);

        assertThat(watching.describe())
                .isEqualTo("watching /v since 2026-01-01T10:00:00Z: 1200 files, 3 settling, "
                        + "17 directories watched, last rescan 2026-01-01T10:00:10Z (42 ms)");
        assertThat(waiting.describe())
                .isEqualTo("waiting for folder /v since 2026-01-01T10:00:00Z: 0 files, "
                        + "0 settling, 0 directories watched, last rescan none");
    }
}
