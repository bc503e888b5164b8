package io.sightline.server.events;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes events to RabbitMQ (AMQP 0-9-1) with publisher confirms.
 *
 * <ul>
 *   <li>a durable topic exchange (default {@code sightline.events}); routing key = event type;
 *   <li>a durable queue (default {@code sightline.events}) bound with {@code #}, so events published
 *       while no consumer runs are kept for the next one; more queues can be bound by consumers;
 *   <li>persistent messages, content type {@code application/json}, body = payload JSON, message id =
 *       event id, timestamp = commit time, headers {@code type}, {@code acquisition}, {@code entity};
 *   <li>reconnection: a failed publish closes the connection; the next publish opens a new one and
 *       re-declares the topology. The outbox retries with backoff, so the bus itself never loops.
 * </ul>
 *
 * <p>Not thread-safe for concurrent publishers: the outbox publisher is the single caller.
 */
public final class AmqpEventBus implements EventBus {

    private static final Logger log = LoggerFactory.getLogger(AmqpEventBus.class);

    /**
     * @param uri for example {@code amqp://guest:guest@127.0.0.1:5672/%2F}
     * @param exchange durable topic exchange name
     * @param queue durable queue bound to the exchange with {@code #}; null or blank to declare none
     * @param confirmTimeout how long to wait for the broker's confirms of one batch
     */
    public record Options(String uri, String exchange, String queue, Duration confirmTimeout) {
        public Options {
            Objects.requireNonNull(uri, "uri");
            Objects.requireNonNull(exchange, "exchange");
            Objects.requireNonNull(confirmTimeout, "confirmTimeout");
        }

        public static Options defaults(String uri) {
            return new Options(uri, "sightline.events", "sightline.events", Duration.ofSeconds(10));
        }
    }

    private final Options options;
    private final ConnectionFactory factory;
    private Connection connection;
    private Channel channel;
    private volatile boolean closed;

    public AmqpEventBus(Options options) {
        this.options = Objects.requireNonNull(options, "options");
        this.factory = new ConnectionFactory();
        try {
            factory.setUri(options.uri());
        } catch (URISyntaxException | GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid AMQP URI " + masked(options.uri()) + ": " + e.getMessage(), e);
        }
        // We reconnect ourselves on the next publish; the client's own recovery would replay half a batch.
        factory.setAutomaticRecoveryEnabled(false);
        factory.setTopologyRecoveryEnabled(false);
        factory.setConnectionTimeout(
                (int) Math.min(Integer.MAX_VALUE, options.confirmTimeout().toMillis()));
        factory.setRequestedHeartbeat(30);
    }

    public Options options() {
        return options;
    }

    /** Opens the connection and declares the exchange and queue now, instead of on the first publish. */
    public synchronized void connect() throws EventBusException {
        ensureChannel();
    }

    @Override
    public synchronized void publish(List<Event> events) throws EventBusException {
        if (closed) {
            throw new EventBusException("the AMQP bus is closed");
        }
        if (events.isEmpty()) {
            return;
        }
        Channel ch = ensureChannel();
        try {
            for (Event e : events) {
                ch.basicPublish(
                        options.exchange(),
                        e.type(),
                        false,
                        properties(e),
                        e.payloadJson().getBytes(StandardCharsets.UTF_8));
            }
            ch.waitForConfirmsOrDie(options.confirmTimeout().toMillis());
        } catch (IOException | TimeoutException | RuntimeException e) {
            disconnect();
            throw new EventBusException(
                    "AMQP publish of events " + events.getFirst().id() + ".."
                            + events.getLast().id() + " not confirmed: " + e,
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            disconnect();
            throw new EventBusException("interrupted while waiting for AMQP confirms", e);
        }
    }

    private AMQP.BasicProperties properties(Event e) {
        Map<String, Object> headers = new HashMap<>();
        headers.put("type", e.type());
        if (e.acquisitionUuid() != null) {
            headers.put("acquisition", e.acquisitionUuid());
        }
        if (e.entityUuid() != null) {
            headers.put("entity", e.entityUuid());
        }
        return new AMQP.BasicProperties.Builder()
                .messageId(Long.toString(e.id()))
                .type(e.type())
                .contentType("application/json")
                .contentEncoding("utf-8")
                .deliveryMode(2)
                .timestamp(Date.from(e.createdAt()))
                .headers(headers)
                .build();
    }

    private Channel ensureChannel() throws EventBusException {
        if (channel != null && channel.isOpen()) {
            return channel;
        }
        disconnect();
        try {
            connection = factory.newConnection("sightline-outbox");
            channel = connection.createChannel();
            channel.confirmSelect();
            channel.exchangeDeclare(options.exchange(), BuiltinExchangeType.TOPIC, true);
            if (options.queue() != null && !options.queue().isBlank()) {
                channel.queueDeclare(options.queue(), true, false, false, null);
                channel.queueBind(options.queue(), options.exchange(), "#");
            }
            log.info(
                    "connected to AMQP broker {} (exchange {}, queue {})",
                    masked(options.uri()),
                    options.exchange(),
                    options.queue());
            return channel;
        } catch (IOException | TimeoutException | RuntimeException e) {
            disconnect();
            throw new EventBusException("cannot connect to AMQP broker " + masked(options.uri()) + ": " + e, e);
        }
    }

    private void disconnect() {
        Connection c = connection;
        connection = null;
        channel = null;
        if (c != null) {
            try {
                c.abort(2_000);
            } catch (RuntimeException e) {
                log.debug("closing AMQP connection failed", e);
            }
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        Connection c = connection;
        connection = null;
        channel = null;
        if (c != null && c.isOpen()) {
            try {
                c.close(2_000);
            } catch (IOException | RuntimeException e) {
                log.warn("closing AMQP connection failed: {}", e.toString());
                c.abort(1_000);
            }
        }
    }

    /** The URI with any password replaced by {@code ***}, for logs. */
    public static String masked(String uri) {
        return uri == null ? null : uri.replaceAll("(//[^:/@]*:)[^@/]*@", "$1***@");
    }
}
