package io.sightline.server.fastmon;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import java.io.IOException;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Relays the swf bus from RabbitMQ to the message stream, as swf-monitor's listener relays ActiveMQ:
 * RabbitMQ's STOMP plugin maps {@code /topic/epictopic} to exchange {@code amq.topic} with routing key
 * {@code epictopic}, so a durable queue bound there receives what the STOMP agents publish as well as
 * what AMQP publishers send. The queue is durable and named, so messages published while this server is
 * down wait for it. A delivery is acknowledged only after its message is committed (or found to be a
 * redelivery, or unusable), so a crash between the two redelivers it and the message id de-duplicates it.
 * A malformed message is logged once and dropped; it never stops the relay.
 */
public final class SwfRelay implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SwfRelay.class);

    /** RabbitMQ's STOMP plugin sends {@code /topic/X} here with routing key X. */
    public static final String EXCHANGE = "amq.topic";

    public static final String DEFAULT_ROUTING_KEY = "epictopic";
    public static final String DEFAULT_QUEUE = "sightline.swf.epictopic";
    private static final long RETRY_PAUSE_MILLIS = 1000;

    /**
     * @param amqpUri the RabbitMQ URI
     * @param queue the durable queue this server consumes (one per server group sharing a database)
     * @param routingKey the topic (default {@value #DEFAULT_ROUTING_KEY})
     * @param namespace the testbed namespace; messages of another namespace are dropped (null: all)
     */
    public record Settings(String amqpUri, String queue, String routingKey, String namespace) {
        public Settings {
            Objects.requireNonNull(amqpUri, "amqpUri");
            queue = queue == null || queue.isBlank() ? DEFAULT_QUEUE : queue;
            routingKey = routingKey == null || routingKey.isBlank() ? DEFAULT_ROUTING_KEY : routingKey;
        }
    }

    private final Settings settings;
    private final FastmonStore store;
    private final ObjectMapper mapper;
    private Connection connection;

    public SwfRelay(Settings settings, FastmonStore store, ObjectMapper mapper) {
        this.settings = settings;
        this.store = store;
        this.mapper = mapper;
    }

    public void start() {
        ConnectionFactory factory = new ConnectionFactory();
        try {
            factory.setUri(settings.amqpUri());
        } catch (Exception e) {
            throw new IllegalArgumentException("invalid AMQP URI for the swf relay", e);
        }
        factory.setAutomaticRecoveryEnabled(true);
        factory.setTopologyRecoveryEnabled(true);
        factory.setNetworkRecoveryInterval(1000);
        try {
            connection = factory.newConnection("sightline-swf-relay");
            Channel channel = connection.createChannel();
            channel.queueDeclare(settings.queue(), true, false, false, null);
            channel.queueBind(settings.queue(), EXCHANGE, settings.routingKey());
            channel.basicQos(256);
            channel.basicConsume(settings.queue(), false, "sightline-swf-relay", new Relay(channel));
        } catch (IOException | TimeoutException e) {
            close();
            throw new IllegalStateException("cannot start the swf relay on queue " + settings.queue(), e);
        }
        log.info(
                "relaying swf messages from {} (routing key {}) through queue {}",
                EXCHANGE,
                settings.routingKey(),
                settings.queue());
    }

    private final class Relay extends DefaultConsumer {
        Relay(Channel channel) {
            super(channel);
        }

        @Override
        public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body)
                throws IOException {
            try {
                SwfMessage message = SwfMessage.parse(mapper, body, fallbackId(props));
                if (!message.inNamespace(settings.namespace())) {
                    log.debug("dropping {} of namespace {}", message.msgType(), message.namespace());
                } else {
                    store.recordMessage(message, "/topic/" + envelope.getRoutingKey());
                }
            } catch (SwfMessage.Malformed e) {
                log.warn(
                        "dropping a malformed message from {} ({} bytes): {}",
                        envelope.getRoutingKey(),
                        body.length,
                        e.getMessage());
            } catch (RuntimeException e) {
                // the database is away: leave the message on the queue and try it again a little later
                // (pausing this consumer, not spinning through redeliveries)
                log.warn("cannot record a relayed message now; it stays queued: {}", e.toString());
                try {
                    Thread.sleep(RETRY_PAUSE_MILLIS);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                }
                getChannel().basicNack(envelope.getDeliveryTag(), false, true);
                return;
            }
            getChannel().basicAck(envelope.getDeliveryTag(), false);
        }
    }

    private static String fallbackId(AMQP.BasicProperties props) {
        if (props != null && props.getMessageId() != null) {
            try {
                return UUID.fromString(props.getMessageId()).toString();
            } catch (IllegalArgumentException e) {
                return UUID.nameUUIDFromBytes(props.getMessageId().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                        .toString();
            }
        }
        return UUID.randomUUID().toString();
    }

    @Override
    public void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (IOException | RuntimeException e) {
                log.debug("closing the swf relay connection failed", e);
            }
        }
    }
}
