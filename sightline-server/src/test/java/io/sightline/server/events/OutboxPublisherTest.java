package io.sightline.server.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sightline.server.testing.BothDatabases;
import io.sightline.server.testing.TestDatabase;
import io.sightline.server.testing.TestEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/** The outbox publisher with the in-process bus, on H2 and PostgreSQL. */
class OutboxPublisherTest {

    private static List<Event> events(int n) {
        return IntStream.range(0, n)
                .mapToObj(i -> new Event(0, "micrograph.created", "acq", null, Instant.now(), "{\"i\":" + i + "}"))
                .toList();
    }

    @SuppressWarnings("try") // the subscription only needs closing
    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void deliversEveryRowInIdOrderAndEmptiesTheOutbox(TestDatabase db) throws Exception {
        try (db;
                InProcessEventBus bus = new InProcessEventBus();
                OutboxPublisher publisher = new OutboxPublisher(
                        db.dataSource(),
                        bus,
                        new OutboxPublisher.Options(
                                37, Duration.ofSeconds(30), Duration.ofMillis(20), Duration.ofMillis(200)))) {
            TestEvents writer = new TestEvents(db.dataSource());
            List<Event> received = new CopyOnWriteArrayList<>();
            try (InProcessEventBus.Subscription sub = bus.subscribe("test", received::add)) {
                publisher.start();
                List<Event> written = new java.util.ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    List<Event> batch = writer.write(events(50));
                    written.addAll(batch);
                    publisher.committed(batch); // the wake-up, as persistence sends it
                }
                await().atMost(Duration.ofSeconds(20)).until(() -> received.size() == written.size());
                assertThat(received).containsExactlyElementsOf(written);
                await().atMost(Duration.ofSeconds(5)).until(() -> writer.outboxDepth() == 0 && publisher.depth() == 0);
            }
        }
    }

    @SuppressWarnings("try") // the subscription only needs closing
    @Test
    void rowsNobodyAnnouncedAreFoundByPolling() throws Exception {
        try (TestDatabase db = TestDatabase.h2();
                InProcessEventBus bus = new InProcessEventBus();
                OutboxPublisher publisher = new OutboxPublisher(
                        db.dataSource(),
                        bus,
                        new OutboxPublisher.Options(
                                100, Duration.ofMillis(200), Duration.ofMillis(20), Duration.ofMillis(200)))) {
            TestEvents writer = new TestEvents(db.dataSource());
            List<Event> received = new CopyOnWriteArrayList<>();
            try (InProcessEventBus.Subscription sub = bus.subscribe("test", received::add)) {
                publisher.start();
                List<Event> written = writer.write(events(10)); // no committed() call
                await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 10);
                assertThat(received).containsExactlyElementsOf(written);
            }
        }
    }

    @SuppressWarnings("try") // the subscription only needs closing
    @Test
    void aSubscriberThatFallsBehindMakesThePublisherRetryWithoutLossOrDuplicates() throws Exception {
        try (TestDatabase db = TestDatabase.h2();
                InProcessEventBus bus = new InProcessEventBus(5, Duration.ofMillis(50));
                OutboxPublisher publisher = new OutboxPublisher(
                        db.dataSource(),
                        bus,
                        new OutboxPublisher.Options(
                                20, Duration.ofMillis(200), Duration.ofMillis(20), Duration.ofMillis(100)))) {
            TestEvents writer = new TestEvents(db.dataSource());
            List<Event> received = new CopyOnWriteArrayList<>();
            CountDownLatch release = new CountDownLatch(1);
            try (InProcessEventBus.Subscription sub = bus.subscribe("slow", e -> {
                try {
                    release.await();
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                }
                received.add(e);
            })) {
                publisher.start();
                List<Event> written = writer.write(events(60));
                publisher.committed(written);
                await().atMost(Duration.ofSeconds(10)).until(() -> publisher.failureCount() >= 2);
                assertThat(writer.outboxDepth()).isEqualTo(60); // nothing confirmed, nothing deleted
                release.countDown();
                await().atMost(Duration.ofSeconds(20)).until(() -> received.size() >= 60 && writer.outboxDepth() == 0);
                assertThat(received).containsExactlyElementsOf(written);
            }
        }
    }

    @SuppressWarnings("try") // the subscriptions only need closing
    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void twoPublishersOnOneDatabaseDeliverEachEventOnceBetweenThem(TestDatabase db) throws Exception {
        OutboxPublisher.Options options =
                new OutboxPublisher.Options(7, Duration.ofMillis(100), Duration.ofMillis(20), Duration.ofMillis(200));
        try (db;
                InProcessEventBus busA = new InProcessEventBus();
                InProcessEventBus busB = new InProcessEventBus();
                OutboxPublisher a = new OutboxPublisher(db.dataSource(), busA, options);
                OutboxPublisher b = new OutboxPublisher(db.dataSource(), busB, options)) {
            TestEvents writer = new TestEvents(db.dataSource());
            List<Event> received = new CopyOnWriteArrayList<>();
            try (InProcessEventBus.Subscription subA = busA.subscribe("a", received::add);
                    InProcessEventBus.Subscription subB = busB.subscribe("b", received::add)) {
                a.start();
                b.start();
                List<Event> written = new java.util.ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    List<Event> batch = writer.write(events(10));
                    written.addAll(batch);
                    a.committed(batch);
                    b.committed(batch);
                }
                await().atMost(Duration.ofSeconds(20)).until(() -> writer.outboxDepth() == 0);
                await().atMost(Duration.ofSeconds(5)).until(() -> received.size() >= written.size());
                assertThat(received)
                        .as("each event once, from one publisher or the other")
                        .containsExactlyInAnyOrderElementsOf(written);
                assertThat(a.publishedCount() + b.publishedCount()).isEqualTo(written.size());
            }
        }
    }
}
