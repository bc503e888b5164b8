package io.sightline.fastmon;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The swf bus on RabbitMQ: exchange {@code amq.topic}, routing key {@code epictopic} (where RabbitMQ's
 * STOMP plugin puts {@code /topic/epictopic}). The agent consumes through its own durable queue, so
 * messages sent while it is down wait for it, and acknowledges a message only once it is safe in the
 * local queue. It publishes persistent messages with publisher confirms. The client library reconnects
 * by itself after a broker restart.
 */
final class AmqpBus implements Registrar.Bus, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AmqpBus.class);
    static final String EXCHANGE = "amq.topic";

    private final Connection connection;
    private final Channel consume;
    private final Channel publish;
    private final String routingKey;

    AmqpBus(String uri, String queue, String routingKey, String clientName) throws IOException {
        this.routingKey = routingKey;
        ConnectionFactory factory = new ConnectionFactory();
        try {
            factory.setUri(uri);
        } catch (Exception e) {
            throw new IllegalArgumentException("invalid AMQP URI: " + e.getMessage(), e);
        }
        factory.setAutomaticRecoveryEnabled(true);
        factory.setTopologyRecoveryEnabled(true);
        factory.setNetworkRecoveryInterval(1000);
        try {
            connection = factory.newConnection(clientName);
        } catch (TimeoutException e) {
            throw new IOException("RabbitMQ did not answer in time", e);
        }
        consume = connection.createChannel();
        consume.queueDeclare(queue, true, false, false, null);
        consume.queueBind(queue, EXCHANGE, routingKey);
        consume.basicQos(64);
        publish = connection.createChannel();
        publish.confirmSelect();
        this.queueName = queue;
    }

    private final String queueName;

    /** Starts consuming; {@code handler} answers true to acknowledge, false to have it redelivered. */
    void consume(Predicate<byte[]> handler) throws IOException {
        consume.basicConsume(queueName, false, new DefaultConsumer(consume) {
            @Override
            public void handleDelivery(String tag, Envelope env, AMQP.BasicProperties props, byte[] body)
                    throws IOException {
                boolean ack;
                try {
                    ack = handler.test(body);
                } catch (RuntimeException e) {
                    log.error("handling a bus message failed; it will be redelivered", e);
                    ack = false;
                }
                if (ack) {
                    getChannel().basicAck(env.getDeliveryTag(), false);
                } else {
                    getChannel().basicNack(env.getDeliveryTag(), false, true);
                }
            }
        });
    }

    @Override
    public synchronized void publish(List<ObjectNode> messages) throws IOException {
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder()
                .contentType("application/json")
                .deliveryMode(2)
                .build();
        try {
            for (ObjectNode m : messages) {
                publish.basicPublish(EXCHANGE, routingKey, props, m.toString().getBytes(StandardCharsets.UTF_8));
            }
            publish.waitForConfirmsOrDie(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the broker's confirms", e);
        } catch (TimeoutException | RuntimeException e) {
            throw new IOException("the broker did not confirm the messages: " + e, e);
        }
    }

    boolean isOpen() {
        return connection.isOpen();
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (IOException | RuntimeException e) {
            log.debug("closing the bus connection failed", e);
        }
    }
}
