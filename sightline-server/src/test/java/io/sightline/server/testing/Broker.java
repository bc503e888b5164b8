package io.sightline.server.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.Assumptions;

/** The local RabbitMQ used by AMQP tests: 127.0.0.1:5672, guest/guest. */
public final class Broker {

    public static final String HOST = "127.0.0.1";
    public static final int PORT = 5672;

    private Broker() {}

    /**
     * Skips the test, with the reason shown, when the broker is unreachable and this is not CI; on CI
     * ({@code CI=true}) an unreachable broker fails the test instead.
     */
    public static void assumeReachable() {
        boolean reachable;
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(HOST, PORT), 1_000);
            reachable = true;
        } catch (IOException e) {
            reachable = false;
        }
        if (!reachable && "true".equals(System.getenv("CI"))) {
            throw new AssertionError(
                    "RabbitMQ at " + HOST + ":" + PORT + " is unreachable, and on CI the AMQP tests must run");
        }
        Assumptions.assumeTrue(
                reachable, "RabbitMQ at " + HOST + ":" + PORT + " is unreachable (not CI): skipping AMQP test");
    }

    public static String uri(int port) {
        return "amqp://guest:guest@" + HOST + ":" + port + "/%2F";
    }
}
