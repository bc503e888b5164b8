package io.sightline.agent.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DirectoryWatcherTest {

    /** Long enough that a test passing with it shows that change events, not rescans, found the file. */
    private static final Duration NO_RESCAN = Duration.ofHours(1);

    private static final Duration SETTLE = Duration.ofMillis(150);
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path temp;

    private final RecordingListener listener = new RecordingListener();
    private final List<DirectoryWatcher> watchers = new ArrayList<>();

    @AfterEach
    void closeWatchers() {
        watchers.forEach(DirectoryWatcher::close);
    }

    private WatchOptions options(Path root) {
        return WatchOptions.of(root)
                .withSettleWindow(SETTLE)
                .withRescanInterval(NO_RESCAN)
                .withRetry(Duration.ofMillis(20), Duration.ofMillis(100));
    }

    private DirectoryWatcher start(WatchOptions options) {
        DirectoryWatcher watcher = new DirectoryWatcher(options, listener);
        watchers.add(watcher);
        watcher.start();
        return watcher;
    }

    private DirectoryWatcher startAndAwaitWatching(WatchOptions options) {
        DirectoryWatcher watcher = start(options);
        await().atMost(WAIT)
                .until(() -> watcher.status().state() == WatchStatus.State.WATCHING
                        && watcher.status().lastRescan().isPresent());
        return watcher;
    }

    private void awaitSettledSizes(Path file, Long... sizes) {
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(listener.settledFor(file))
                        .extracting(SettledFile::size)
                        .containsExactly(sizes));
    }

    private static void setModified(Path file, FileTime time) {
        try {
            Files.setLastModifiedTime(file, time);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    @Test
    void preExistingFilesAreReportedAtStart() {
        Path root = temp.resolve("visit");
        Path a = write(root.resolve("a.xml"), "aaa");
        Path b = write(root.resolve("Images-Disc1/GridSquare_1/b.xml"), "bbbbb");
        Path c = write(root.resolve("c.dm"), "c");

        DirectoryWatcher watcher = start(options(root));

        await().atMost(WAIT).until(() -> listener.settled.size() == 3);
        assertThat(listener.settled).extracting(SettledFile::path).containsExactlyInAnyOrder(a, b, c);
        assertThat(listener.settledFor(b)).singleElement().satisfies(f -> {
            assertThat(f.size()).isEqualTo(5);
            assertThat(f.lastModified()).isEqualTo(Files.getLastModifiedTime(b).toInstant());
        });
        assertThat(watcher.status().filesTracked()).isEqualTo(3);
        assertThat(watcher.status().pendingSettle()).isZero();
    }

    @Test
    void filesFoundByTheStartingScanAreHandedOnInPathOrder() {
        Path root = temp.resolve("visit");
        List<Path> files = new ArrayList<>();
        for (String directory : List.of("Metadata", "Images-Disc1/GridSquare_2", "atlas", "")) {
            for (int i = 0; i < 100; i++) {
                files.add(write(root.resolve(directory).resolve((i % 2 == 0 ? "F" : "f") + i + ".xml"), "x"));
            }
        }
        // all of a finished session's age, so that every file settles at the first look: on a loaded machine
        // the first files written would otherwise be old enough and the last ones not, and settle a look later
        FileTime finished = FileTime.from(Instant.now().minus(Duration.ofHours(1)));
        for (Path file : files) {
            setModified(file, finished);
        }

        start(options(root));

        await().atMost(WAIT).until(() -> listener.settled.size() == files.size());
        assertThat(listener.settled)
                .extracting(SettledFile::path)
                .containsExactlyElementsOf(files.stream().sorted().toList());
    }

    @Test
    void fileCreatedAfterStartIsReportedFromChangeEvents() {
        Path root = temp.resolve("visit");
        write(root.resolve("old.xml"), "old");
        DirectoryWatcher watcher = startAndAwaitWatching(options(root));
        assertThat(watcher.status().pollingOnly()).isFalse();

        Path created = write(root.resolve("new.xml"), "new content");

        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(listener.settledFor(created))
                        .singleElement()
                        .extracting(SettledFile::size)
                        .isEqualTo(11L));
    }

    @Test
    void pollingOnlyModeFindsNewFilesByRescanning() {
        Path root = temp.resolve("share");
        write(root.resolve("old.xml"), "old");
        DirectoryWatcher watcher =
                startAndAwaitWatching(options(root).withPollingOnly(true).withRescanInterval(Duration.ofMillis(100)));
        assertThat(watcher.status().pollingOnly()).isTrue();
        assertThat(watcher.status().directoriesWatched()).isZero();

        Path created = write(root.resolve("sub/new.xml"), "new");

        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(listener.settledFor(created)).hasSize(1));
    }

    @Test
    void fileWrittenInPiecesIsReportedOnceAfterItStopsGrowingWithItsFinalSize() throws Exception {
        Path root = temp.resolve("visit");
        Files.createDirectories(root);
        Duration settle = Duration.ofSeconds(1);
        startAndAwaitWatching(options(root).withSettleWindow(settle));
        Path movie = root.resolve("movie.tiff");

        try (FileChannel channel = FileChannel.open(movie, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (int piece = 0; piece < 20; piece++) {
                channel.write(ByteBuffer.allocate(1000));
                Thread.sleep(20); // a writer that takes its time; far shorter than the settle window
            }
        }

        await().atMost(WAIT).until(() -> !listener.settledFor(movie).isEmpty());
        await().during(settle.multipliedBy(2))
                .atMost(WAIT)
                .until(() -> listener.settledFor(movie).size() == 1);
        assertThat(listener.settledFor(movie))
                .singleElement()
                .extracting(SettledFile::size)
                .isEqualTo(20_000L);
    }

    @Test
    void rewrittenFileIsReportedAgainWithItsNewSize() {
        Path root = temp.resolve("visit");
        Path file = write(root.resolve("GridSquare_1.xml"), "first");
        startAndAwaitWatching(options(root));
        await().atMost(WAIT).until(() -> listener.settledFor(file).size() == 1);

        write(file, "second, longer");

        awaitSettledSizes(file, 5L, 14L);
    }

    @Test
    void changeThatRaisesNoEventIsFoundByThePeriodicRescan() throws IOException {
        Path root = temp.resolve("visit");
        Path file = write(root.resolve("GridSquare_1.xml"), "first");
        // Writes through a hard link outside the tree change the file but raise no event inside it,
        // the way a share that delivers no events (or an event lost in transit) behaves.
        Path outside = Files.createLink(temp.resolve("outside-link.xml"), file);
        startAndAwaitWatching(options(root).withRescanInterval(Duration.ofMillis(300)));
        await().atMost(WAIT).until(() -> listener.settledFor(file).size() == 1);

        Files.writeString(outside, " and more", StandardOpenOption.APPEND);

        awaitSettledSizes(file, 5L, 14L);
    }

    @Test
    void deletedFileIsReported() throws IOException {
        Path root = temp.resolve("visit");
        Path file = write(root.resolve("a.xml"), "a");
        startAndAwaitWatching(options(root));
        await().atMost(WAIT).until(() -> listener.settledFor(file).size() == 1);

        Files.delete(file);

        await().atMost(WAIT).untilAsserted(() -> assertThat(listener.deleted).containsExactly(file));
    }

    @Test
    void directoriesCreatedSeveralLevelsAtOnceAfterStartAreWatched() throws IOException {
        Path root = temp.resolve("visit");
        Files.createDirectories(root);
        DirectoryWatcher watcher = startAndAwaitWatching(options(root));

        Path deep = Files.createDirectories(root.resolve("Images-Disc1/GridSquare_7/FoilHoles/Data"));
        Path first = write(deep.resolve("FoilHole_1.xml"), "1");
        await().atMost(WAIT).until(() -> listener.settledPaths().contains(first));
        await().atMost(WAIT).until(() -> watcher.status().directoriesWatched() == 5);

        Path later = write(deep.resolve("FoilHole_2.xml"), "2");
        await().atMost(WAIT).until(() -> listener.settledPaths().contains(later));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"GridSquare_1, GridSquare_2", "GridSquare_9, GridSquare_3"})
    void directoryRenamedInsideTheTreeIsWatchedUnderItsNewName(String from, String to) throws IOException {
        Path root = temp.resolve("visit");
        Path old = write(root.resolve(from + "/Data/a.xml"), "a");
        DirectoryWatcher watcher = startAndAwaitWatching(options(root));
        await().atMost(WAIT).until(() -> listener.settledPaths().contains(old));

        Files.move(root.resolve(from), root.resolve(to));

        Path moved = root.resolve(to + "/Data/a.xml");
        await().atMost(WAIT).until(() -> listener.settledPaths().contains(moved));
        await().atMost(WAIT).untilAsserted(() -> assertThat(listener.deleted).containsExactly(old));
        Path later = write(root.resolve(to + "/Data/b.xml"), "b");
        await().atMost(WAIT).until(() -> listener.settledPaths().contains(later));
        Path deeper = write(root.resolve(to + "/c.xml"), "c");
        await().atMost(WAIT).until(() -> listener.settledPaths().contains(deeper));
        assertThat(watcher.status().directoriesWatched()).isEqualTo(3);
    }

    @Test
    void filesCreatedWhileTheWatcherStartsAreEachReportedExactlyOnce() throws Exception {
        Path root = temp.resolve("visit");
        Set<Path> expected = new HashSet<>();
        for (int d = 0; d < 20; d++) {
            for (int f = 0; f < 100; f++) {
                expected.add(write(root.resolve("square" + d + "/hole" + f + ".xml"), "x"));
            }
        }
        CountDownLatch go = new CountDownLatch(1);
        CompletableFuture<Set<Path>> writer = CompletableFuture.supplyAsync(() -> {
            Set<Path> written = new HashSet<>();
            try {
                go.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return written;
            }
            for (int i = 0; i < 1500; i++) {
                String directory = i % 3 == 0 ? "square" + (i % 20) : "late" + (i / 100) + "/deeper";
                written.add(write(root.resolve(directory + "/during" + i + ".xml"), "y"));
            }
            return written;
        });

        go.countDown();
        start(options(root));
        expected.addAll(writer.get());

        await().atMost(Duration.ofSeconds(60)).until(() -> listener.settled.size() >= expected.size());
        await().during(SETTLE.multipliedBy(4)).atMost(WAIT).until(() -> listener.settled.size() == expected.size());
        assertThat(listener.settledPaths()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "polling only: {0}")
    @ValueSource(booleans = {false, true})
    void rootRemovedAndRecreatedIsReportedAsAnOutageAndWatchedAgain(boolean pollingOnly) throws IOException {
        Path root = temp.resolve("share");
        Path before = write(root.resolve("GridSquare_1/before.xml"), "before");
        DirectoryWatcher watcher = startAndAwaitWatching(options(root)
                .withPollingOnly(pollingOnly)
                .withRescanInterval(pollingOnly ? Duration.ofMillis(100) : NO_RESCAN));
        await().atMost(WAIT).until(() -> listener.settledPaths().contains(before));
        Instant watchingSince = watcher.status().since();

        deleteTree(root);

        await().atMost(WAIT).until(() -> watcher.status().state() == WatchStatus.State.WAITING_FOR_FOLDER);
        assertThat(listener.sawState(WatchStatus.State.WAITING_FOR_FOLDER)).isTrue();
        assertThat(watcher.status().describe()).startsWith("waiting for folder " + root + " since ");
        assertThat(watcher.status().since()).isAfterOrEqualTo(watchingSince);

        Path after = write(root.resolve("GridSquare_2/after.xml"), "after");

        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(listener.settledFor(after)).hasSize(1));
        assertThat(watcher.status().state()).isEqualTo(WatchStatus.State.WATCHING);
        await().atMost(WAIT).untilAsserted(() -> assertThat(listener.deleted).containsExactly(before));
        if (!pollingOnly) {
            Path afterReturn = write(root.resolve("GridSquare_2/later.xml"), "later");
            await().atMost(WAIT).until(() -> listener.settledPaths().contains(afterReturn));
        }
        await().atMost(WAIT).until(() -> jdkWatchServiceThreads() <= (pollingOnly ? 0 : 1));
    }

    @Test
    void rootThatDoesNotExistYetIsWatchedOnceItAppears() {
        Path root = temp.resolve("not-yet");
        DirectoryWatcher watcher = start(options(root));
        await().atMost(WAIT).until(() -> watcher.status().state() == WatchStatus.State.WAITING_FOR_FOLDER);

        Path file = write(root.resolve("EpuSession.dm"), "session");

        await().atMost(WAIT).until(() -> listener.settledPaths().contains(file));
        assertThat(watcher.status().state()).isEqualTo(WatchStatus.State.WATCHING);
    }

    @Test
    void rootReachedThroughASymbolicLinkIsWatchedButLinksInsideAreNotFollowed() throws IOException {
        Path real = temp.resolve("real-visit");
        Path elsewhere = write(temp.resolve("elsewhere/big.xml"), "not ours");
        Path root = Files.createSymbolicLink(temp.resolve("visit"), real.getFileName());
        write(real.resolve("a.xml"), "a");
        Files.createSymbolicLink(real.resolve("link-to-elsewhere"), elsewhere.getParent());
        startAndAwaitWatching(options(root));

        await().atMost(WAIT).until(() -> listener.settledPaths().contains(root.resolve("a.xml")));
        Path created = write(root.resolve("Data/b.xml"), "b");
        await().atMost(WAIT).until(() -> listener.settledPaths().contains(created));
        assertThat(listener.settledPaths()).containsExactlyInAnyOrder(root.resolve("a.xml"), created);
    }

    @ParameterizedTest(name = "in \"{0}\"")
    @ValueSource(strings = {"Data", ""})
    void burstThatOverflowsTheChangeEventsLosesNoFile(String directory) throws Exception {
        Path root = temp.resolve("visit");
        Path data = Files.createDirectories(root.resolve(directory));
        Path gate = root.resolve("gate.xml");
        CountDownLatch listenerBusy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        listener.afterSettled = file -> {
            if (file.path().equals(gate)) {
                listenerBusy.countDown();
                awaitQuietly(release);
            }
        };
        DirectoryWatcher watcher = start(options(root));
        await().atMost(WAIT).until(() -> watcher.status().state() == WatchStatus.State.WATCHING);

        // While the listener holds the watcher's thread, far more events pile up than a watch key keeps
        // (512 in the JDK), so the key overflows and only a rescan can find the rest.
        write(gate, "gate");
        assertThat(listenerBusy.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        Set<Path> expected = new HashSet<>(List.of(gate));
        for (int i = 0; i < 3000; i++) {
            expected.add(Files.createFile(data.resolve("FoilHole_" + i + "_Data.xml")));
        }
        release.countDown();

        await().atMost(Duration.ofSeconds(60)).until(() -> listener.settled.size() >= expected.size());
        assertThat(listener.settledPaths()).isEqualTo(expected);
        assertThat(listener.settled).hasSize(expected.size());
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void listenerThatThrowsDoesNotStopTheWatcher() {
        Path root = temp.resolve("visit");
        Path bad = write(root.resolve("a-bad.xml"), "bad");
        listener.afterSettled = file -> {
            if (file.path().equals(bad)) {
                throw new IllegalStateException("consumer failed on " + file.path());
            }
        };
        DirectoryWatcher watcher = start(options(root));
        await().atMost(WAIT).until(() -> listener.settledPaths().contains(bad));

        Path good = write(root.resolve("b-good.xml"), "good");

        await().atMost(WAIT).until(() -> listener.settledPaths().contains(good));
        assertThat(watcher.status().state()).isEqualTo(WatchStatus.State.WATCHING);
    }

    @Test
    void closeStopsTheWatcherThreadPromptly() {
        Path root = temp.resolve("visit");
        write(root.resolve("a.xml"), "a");
        DirectoryWatcher watcher = startAndAwaitWatching(options(root));
        String threadName = DirectoryWatcher.THREAD_NAME_PREFIX + "visit";
        assertThat(liveThreadNames()).contains(threadName);

        watcher.close();

        assertThat(liveThreadNames()).doesNotContain(threadName);
        assertThat(watcher.status().state()).isEqualTo(WatchStatus.State.STOPPED);
        await().atMost(WAIT).until(() -> jdkWatchServiceThreads() == 0);
        assertThatThrownBy(watcher::start).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void closeStopsAWatcherThatIsWaitingForItsFolder() {
        DirectoryWatcher watcher =
                start(options(temp.resolve("missing")).withRetry(Duration.ofSeconds(30), Duration.ofSeconds(30)));
        await().atMost(WAIT).until(() -> watcher.status().state() == WatchStatus.State.WAITING_FOR_FOLDER);

        watcher.close();

        assertThat(liveThreadNames()).doesNotContain(DirectoryWatcher.THREAD_NAME_PREFIX + "missing");
    }

    /**
     * Threads of the JDK's own watch services (named so on Linux and Windows; elsewhere this counts 0):
     * one per open service, so more than one for one watcher means a service was not closed.
     */
    private static long jdkWatchServiceThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().equals("FileSystemWatchService"))
                .count();
    }

    private static Set<String> liveThreadNames() {
        Set<String> names = new HashSet<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.isAlive()) {
                names.add(thread.getName());
            }
        }
        return names;
    }
}
