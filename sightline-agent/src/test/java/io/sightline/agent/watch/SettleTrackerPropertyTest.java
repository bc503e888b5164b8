package io.sightline.agent.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Drives a {@link SettleTracker} the way the watcher does (changes observed when they happen, looks at
 * due files, drains) over random histories of a few files, against a model of the files' true state.
 */
class SettleTrackerPropertyTest {

    private static final long WINDOW_MILLIS = 500;
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final List<Path> PATHS = List.of(Path.of("/v/a"), Path.of("/v/b"), Path.of("/v/c/d"));

    enum Kind {
        CHANGE,
        LOOK,
        CONFIRM_DUE,
        DRAIN,
        DELETE
    }

    record Step(Kind kind, int file, long advanceMillis) {}

    record FileState(long size, long modified) {}

    record Emission(Path path, FileState state, long atMillis) {}

    /** The true files and everything the tracker handed on. */
    static final class Run {
        final SettleTracker tracker = new SettleTracker(Duration.ofMillis(WINDOW_MILLIS));
        final Map<Path, FileState> files = new HashMap<>();
        final Map<Path, Long> changedAt = new HashMap<>();
        final List<Emission> emissions = new ArrayList<>();
        final List<String> violations = new ArrayList<>();
        long now;
        long nextModified = 1;

        void apply(Step step) {
            now += step.advanceMillis();
            Path path = PATHS.get(step.file());
            switch (step.kind()) {
                case CHANGE -> {
                    FileState old = files.get(path);
                    // the modification time is the time of the write (plus a count, so that every write is seen)
                    FileState changed = new FileState(
                            old == null ? 0 : old.size() + step.file() % 2,
                            SettleTracker.nanos(instant(now)) + nextModified++);
                    files.put(path, changed);
                    changedAt.put(path, now);
                    observe(path);
                }
                case LOOK -> observe(path);
                case CONFIRM_DUE -> tracker.awaitingConfirmation(instant(now)).forEach(this::observe);
                case DRAIN -> drain();
                case DELETE -> {
                    files.remove(path);
                    changedAt.remove(path);
                    tracker.remove(path);
                }
            }
        }

        void observe(Path path) {
            FileState state = files.get(path);
            if (state == null) {
                tracker.remove(path);
            } else {
                tracker.observe(path, state.size(), state.modified(), instant(now));
            }
        }

        void drain() {
            for (SettledFile settled : tracker.drainSettled()) {
                FileState state = new FileState(settled.size(), SettleTracker.nanos(settled.lastModified()));
                if (!state.equals(files.get(settled.path()))) {
                    violations.add(settled + " is not the file's current state " + files.get(settled.path()));
                } else if (now - changedAt.get(settled.path()) < WINDOW_MILLIS) {
                    violations.add(settled + " handed on " + (now - changedAt.get(settled.path()))
                            + " ms after its last change");
                }
                emissions.add(new Emission(settled.path(), state, now));
            }
        }

        /** Time passes with no change, the watcher looks at what is due and drains, as it would. */
        void quiesce() {
            now += WINDOW_MILLIS;
            tracker.awaitingConfirmation(instant(now)).forEach(this::observe);
            drain();
        }
    }

    static Instant instant(long millis) {
        return T0.plusMillis(millis);
    }

    @Provide
    Arbitrary<List<Step>> histories() {
        Arbitrary<Step> step = Combinators.combine(
                        Arbitraries.of(Kind.class),
                        Arbitraries.integers().between(0, PATHS.size() - 1),
                        Arbitraries.longs().between(0, WINDOW_MILLIS * 2))
                .as(Step::new);
        return step.list().ofMaxSize(60);
    }

    @Property
    void aFileIsHandedOnOnlyInItsCurrentStateAndOnlyAfterAWindowWithoutChange(@ForAll("histories") List<Step> history) {
        Run run = new Run();
        history.forEach(run::apply);
        run.quiesce();

        assertThat(run.violations).isEmpty();
    }

    @Property
    void noStateIsEverHandedOnTwice(@ForAll("histories") List<Step> history) {
        Run run = new Run();
        history.forEach(run::apply);
        run.quiesce();
        run.quiesce();

        Set<Emission> seen = new HashSet<>();
        for (Emission emission : run.emissions) {
            assertThat(seen.add(new Emission(emission.path(), emission.state(), 0)))
                    .as("%s handed on twice", emission)
                    .isTrue();
        }
    }

    @Property
    void everyFileThatStopsChangingIsEventuallyHandedOnInItsFinalState(@ForAll("histories") List<Step> history) {
        Run run = new Run();
        history.forEach(run::apply);
        run.quiesce();

        for (Map.Entry<Path, FileState> file : run.files.entrySet()) {
            assertThat(run.emissions)
                    .as("final state of %s", file.getKey())
                    .anyMatch(e -> e.path().equals(file.getKey()) && e.state().equals(file.getValue()));
        }
        assertThat(run.tracker.pendingCount()).isZero();
        assertThat(run.tracker.trackedCount()).isEqualTo(run.files.size());
    }
}
