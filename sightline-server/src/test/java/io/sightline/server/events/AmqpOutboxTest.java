package io.sightline.server.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import io.sightline.server.testing.Broker;
import io.sightline.server.testing.TcpProxy;
import io.sightline.server.testing.TestDatabase;
import io.sightline.server.testing.TestEvents;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The outbox publisher against the real local RabbitMQ. */
class AmqpOutboxTest {

    private final String name = "sightline.test." + UUID.randomUUID();
    private TestDatabase db;
    private TestEvents events;
    private Connection consumerConnection;
    private Channel consumer;

    @BeforeEach
    void setUp() throws Exception {
        Broker.assumeReachable();
        db = TestDatabase.h2();
        events = new TestEvents(db.dataSource());
        ConnectionFactory f = new ConnectionFactory();
        f.setUri(Broker.uri(Broker.PORT));
        consumerConnection = f.newConnection("sightline-test-consumer");
        consumer = consumerConnection.createChannel();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (consumer != null) {
            consumer.queueDelete(name);
            consumer.exchangeDelete(name);
            consumerConnection.close();
        }
        if (db != null) {
            db.close();
        }
    }

    private AmqpEventBus bus(int port) {
        return new AmqpEventBus(new AmqpEventBus.Options(Broker.uri(port), name, name, Duration.ofSeconds(5)));
    }

    private static OutboxPublisher.Options fastOptions() {
        return new OutboxPublisher.Options(50, Duration.ofMillis(500), Duration.ofMillis(50), Duration.ofMillis(400));
    }

    private List<Event> write(int n, String prefix) {
        return events.write(IntStream.range(0, n)
                .mapToObj(i -> new Event(
                        0,
                        i % 2 == 0 ? "gridsquare.updated" : "micrograph.created",
                        "acq-" + prefix,
                        "ent-" + i,
                        Instant.now(),
                        "{\"n\":\"" + prefix + i + "\"}"))
                .toList());
    }

    private List<GetResponse> receive(int atLeast) {
        List<GetResponse> got = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            GetResponse r;
            while ((r = consumer.basicGet(name, true)) != null) {
                got.add(r);
            }
            return new LinkedHashSet<>(got.stream()
                                    .map(g -> g.getProps().getMessageId())
                                    .toList())
                            .size()
                    >= atLeast;
        });
        return got;
    }

    @Test
    void confirmedEventsArriveInIdOrderAsPersistentMessagesWithIdTypeAndAcquisition() throws Exception {
        try (AmqpEventBus bus = bus(Broker.PORT);
                OutboxPublisher publisher = new OutboxPublisher(db.dataSource(), bus, fastOptions())) {
            bus.connect(); // declares the durable exchange and queue before anything is published
            List<Event> written = write(230, "a");
            publisher.start();
            publisher.committed(written);
            await().atMost(Duration.ofSeconds(30)).until(() -> events.outboxDepth() == 0);

            List<GetResponse> got = receive(written.size());
            assertThat(got).hasSize(written.size());
            for (int i = 0; i < written.size(); i++) {
                Event e = written.get(i);
                GetResponse r = got.get(i);
                assertThat(r.getProps().getMessageId()).isEqualTo(Long.toString(e.id()));
                assertThat(r.getEnvelope().getRoutingKey()).isEqualTo(e.type());
                assertThat(r.getEnvelope().getExchange()).isEqualTo(name);
                assertThat(r.getProps().getDeliveryMode()).isEqualTo(2);
                assertThat(r.getProps().getHeaders().get("type").toString()).isEqualTo(e.type());
                assertThat(r.getProps().getHeaders().get("acquisition").toString())
                        .isEqualTo(e.acquisitionUuid());
                assertThat(new String(r.getBody(), StandardCharsets.UTF_8)).isEqualTo(e.payloadJson());
            }
            assertThat(publisher.depth()).isZero();
            assertThat(publisher.publishedCount()).isEqualTo(written.size());
        }
    }

    @Test
    void whileTheBrokerIsUnreachableTheOutboxKeepsItsRowsAndDeliversEverythingInOrderWhenItReturns() throws Exception {
        try (TcpProxy proxy = new TcpProxy(Broker.HOST, Broker.PORT);
                AmqpEventBus bus = bus(proxy.port());
                OutboxPublisher publisher = new OutboxPublisher(db.dataSource(), bus, fastOptions())) {
            publisher.start();
            List<Event> expected = new ArrayList<>(write(40, "before"));
            publisher.committed(expected);
            await().atMost(Duration.ofSeconds(30)).until(() -> events.outboxDepth() == 0);

            proxy.cut();
            long failuresBefore = publisher.failureCount();
            List<Event> during = write(120, "during");
            expected.addAll(during);
            publisher.committed(during);
            await().atMost(Duration.ofSeconds(30)).until(() -> publisher.failureCount() >= failuresBefore + 3);
            assertThat(events.outboxDepth()).isEqualTo(120);
            await().atMost(Duration.ofSeconds(5)).until(() -> publisher.depth() == 120);

            List<Event> more = write(30, "more"); // written during the outage, never announced: found by polling
            expected.addAll(more);
            proxy.restore();
            await().atMost(Duration.ofSeconds(30)).until(() -> events.outboxDepth() == 0);

            List<GetResponse> got = receive(expected.size());
            List<Long> ids = got.stream()
                    .map(g -> Long.parseLong(g.getProps().getMessageId()))
                    .toList();
            assertThat(ids).isSorted(); // in order, even if a batch whose confirm was lost came twice
            assertThat(new ArrayList<>(new LinkedHashSet<>(ids)))
                    .containsExactlyElementsOf(expected.stream().map(Event::id).toList());
        }
    }

    @Test
    void cutsInTheMiddleOfPublishingLoseNothingAndFirstDeliveriesStayInIdOrder() throws Exception {
        try (TcpProxy proxy = new TcpProxy(Broker.HOST, Broker.PORT);
                AmqpEventBus bus = bus(proxy.port());
                OutboxPublisher publisher = new OutboxPublisher(db.dataSource(), bus, fastOptions())) {
            publisher.start();
            List<Event> expected = new ArrayList<>();
            for (int round = 0; round < 6; round++) {
                for (int i = 0; i < 10; i++) {
                    List<Event> batch = write(20, "r" + round + "b" + i);
                    expected.addAll(batch);
                    publisher.committed(batch);
                }
                long failures = publisher.failureCount();
                proxy.cut(); // while batches are in flight
                List<Event> during = write(20, "r" + round + "cut");
                expected.addAll(during);
                publisher.committed(during); // at least this one meets the cut
                await().atMost(Duration.ofSeconds(30)).until(() -> publisher.failureCount() > failures);
                proxy.restore();
                // delivered again before the next round, so that its cut meets a live connection mid-publish
                await().atMost(Duration.ofSeconds(30)).until(() -> events.outboxDepth() == 0);
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> events.outboxDepth() == 0);

            List<GetResponse> got = receive(expected.size());
            List<Long> firstDeliveries = new ArrayList<>(new LinkedHashSet<>(got.stream()
                    .map(g -> Long.parseLong(g.getProps().getMessageId()))
                    .toList()));
            assertThat(firstDeliveries)
                    .containsExactlyElementsOf(expected.stream().map(Event::id).toList());
        }
    }
}
