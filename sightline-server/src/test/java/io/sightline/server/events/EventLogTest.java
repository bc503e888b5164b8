package io.sightline.server.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.server.testing.BothDatabases;
import io.sightline.server.testing.TestDatabase;
import io.sightline.server.testing.TestEvents;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

class EventLogTest {

    private static Event event(String type, String acq, Instant at) {
        return new Event(0, type, acq, "e", at, "{\"t\":\"" + type + "\"}");
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void readsEventsAfterAnIdFilteredByAcquisitionAndTypesOldestFirst(TestDatabase db) {
        try (db) {
            Instant now = Instant.now();
            List<Event> w = new TestEvents(db.dataSource())
                    .write(List.of(
                            event("acquisition.created", "A", now),
                            event("gridsquare.updated", "A", now),
                            event("gridsquare.updated", "B", now),
                            event("micrograph.created", "A", now),
                            event("agent.status", null, now)));
            EventLog log = new EventLog(db.dataSource());

            assertThat(log.after(0, EventFilter.ALL, 100)).containsExactlyElementsOf(w);
            assertThat(log.after(w.get(1).id(), EventFilter.ALL, 2)).containsExactly(w.get(2), w.get(3));
            assertThat(log.after(0, new EventFilter("A", Set.of()), 100)).containsExactly(w.get(0), w.get(1), w.get(3));
            assertThat(log.after(0, EventFilter.of("A", "gridsquare.updated,micrograph.created"), 100))
                    .containsExactly(w.get(1), w.get(3));
            assertThat(log.after(0, EventFilter.of(null, "agent.status"), 100)).containsExactly(w.get(4));
            assertThat(log.latestId()).isEqualTo(w.get(4).id());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void theReplayWindowKeepsTheNewestEventsYoungerThanTheMaximumAge(TestDatabase db) {
        try (db) {
            Instant now = Instant.parse("2026-11-20T12:00:00Z");
            List<Event> w = new TestEvents(db.dataSource())
                    .write(List.of(
                            event("a", "A", now.minus(Duration.ofDays(3))),
                            event("a", "A", now.minus(Duration.ofDays(2))),
                            event("a", "A", now.minus(Duration.ofHours(5))),
                            event("a", "A", now.minus(Duration.ofHours(1))),
                            event("a", "A", now)));
            Clock clock = Clock.fixed(now, ZoneOffset.UTC);

            assertThat(new EventLog(db.dataSource(), new ReplayWindow(100, Duration.ofDays(1)), clock).replayFloor())
                    .isEqualTo(w.get(1).id()); // by age: the two oldest are out
            assertThat(new EventLog(db.dataSource(), new ReplayWindow(2, Duration.ofDays(10)), clock).replayFloor())
                    .isEqualTo(w.get(2).id()); // by count: the newest two are in
            assertThat(new EventLog(db.dataSource(), new ReplayWindow(100, Duration.ofDays(10)), clock).replayFloor())
                    .isEqualTo(w.get(0).id() - 1); // everything is in
            assertThat(new EventLog(
                                    db.dataSource(),
                                    new ReplayWindow(100, Duration.ofMinutes(1)),
                                    clock.withZone(ZoneOffset.UTC))
                            .replayFloor())
                    .isEqualTo(w.get(3).id());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void deletingOldEventsKeepsThoseTheBusHasNotConfirmedAndTheNewest(TestDatabase db) throws Exception {
        try (db) {
            Instant now = Instant.parse("2026-11-20T12:00:00Z");
            TestEvents events = new TestEvents(db.dataSource());
            List<Event> w = events.write(List.of(
                    event("a", "A", now.minus(Duration.ofDays(40))),
                    event("a", "A", now.minus(Duration.ofDays(35))),
                    event("a", "A", now.minus(Duration.ofDays(31))),
                    event("a", "A", now.minus(Duration.ofDays(1)))));
            events.confirmThrough(w.get(0).id()); // the bus confirmed the first event only
            EventLog log = new EventLog(db.dataSource());

            assertThat(log.deleteOlderThan(now.minus(Duration.ofDays(30)))).isEqualTo(1);
            assertThat(log.after(0, EventFilter.ALL, 100)).containsExactly(w.get(1), w.get(2), w.get(3));
            assertThat(events.outboxDepth()).isEqualTo(3);

            events.confirmThrough(w.get(3).id());
            assertThat(log.deleteOlderThan(now.minus(Duration.ofDays(30))))
                    .as("confirmed now")
                    .isEqualTo(2);
            assertThat(log.deleteOlderThan(now))
                    .as("the newest event stays, whatever its age")
                    .isZero();
            assertThat(log.latestId()).isEqualTo(w.get(3).id());
        }
    }
}
