package io.sightline.pipeline.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MarkerWatchTest {
    @TempDir
    Path tmp;

    @Test
    void aMarkerInAWatchedDirectoryCallsTheListenerOnceAndOtherFilesDoNot() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Path job = Files.createDirectories(tmp.resolve("External/job002"));
        Path other = Files.createDirectories(tmp.resolve("External/job003"));
        try (MarkerWatch watch = new MarkerWatch(calls::incrementAndGet)) {
            watch.watch(job);
            watch.watch(job); // watched once
            Files.writeString(job.resolve("run.out"), "working\n");
            Files.writeString(other.resolve(JobMarkers.SUCCESS), ""); // not watched
            Files.writeString(job.resolve(JobMarkers.SUCCESS), "");
            await().atMost(Duration.ofSeconds(20)).until(() -> calls.get() == 1);

            // the directory is no longer watched once its marker came; a retry in place watches it again
            Files.delete(job.resolve(JobMarkers.SUCCESS));
            watch.watch(job);
            Files.writeString(job.resolve(JobMarkers.FAILURE), "");
            await().atMost(Duration.ofSeconds(20)).until(() -> calls.get() == 2);
        }
        assertThat(calls.get()).isEqualTo(2);
    }

    @Test
    void aMarkerWrittenBeforeTheDirectoryIsWatchedCountsWhenItIsWatched() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Path job = Files.createDirectories(tmp.resolve("Import/job001"));
        Files.writeString(job.resolve(JobMarkers.SUCCESS), "");
        try (MarkerWatch watch = new MarkerWatch(calls::incrementAndGet)) {
            watch.watch(job);
            await().atMost(Duration.ofSeconds(20)).until(() -> calls.get() == 1);
        }
    }
}
