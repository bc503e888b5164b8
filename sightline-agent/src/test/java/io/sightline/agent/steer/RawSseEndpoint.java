package io.sightline.agent.steer;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A transport fixture: a bare HTTP server on port 0 that answers each stream request with the next
 * scripted behaviour, writing raw Server-Sent Events bytes. It records every request's headers.
 */
final class RawSseEndpoint implements AutoCloseable {

    /** What one connection does; runs on the server's thread for that exchange. */
    interface Script {
        void run(HttpExchange exchange) throws IOException, InterruptedException;
    }

    private final HttpServer server;
    private final BlockingQueue<Script> scripts = new LinkedBlockingQueue<>();
    final List<Headers> requests = new CopyOnWriteArrayList<>();
    final CountDownLatch stop = new CountDownLatch(1);

    RawSseEndpoint() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(
                Executors.newCachedThreadPool(r -> Thread.ofPlatform().daemon().unstarted(r)));
        server.createContext("/", exchange -> {
            requests.add(exchange.getRequestHeaders());
            try {
                Script script = scripts.poll(10, TimeUnit.SECONDS);
                if (script == null) {
                    exchange.sendResponseHeaders(503, -1);
                } else {
                    script.run(exchange);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                // the client went away: expected when it reconnects or closes
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    URI base() {
        return URI.create("http://" + server.getAddress().getHostString() + ":"
                + server.getAddress().getPort());
    }

    RawSseEndpoint then(Script script) {
        scripts.add(script);
        return this;
    }

    static void open(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
    }

    static void write(HttpExchange exchange, String text) throws IOException {
        OutputStream out = exchange.getResponseBody();
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Sends {@code text} and ends the stream. */
    static Script events(String text) {
        return exchange -> {
            open(exchange);
            write(exchange, text);
        };
    }

    /** Sends {@code text}, then says nothing more until the fixture closes. */
    Script eventsThenSilence(String text) {
        return exchange -> {
            open(exchange);
            write(exchange, text);
            stop.await(30, TimeUnit.SECONDS);
        };
    }

    /** Sends {@code text}, then a comment every 20 ms until the client hangs up, then counts down {@code gone}. */
    static Script eventsThenPings(String text, CountDownLatch gone) {
        return exchange -> {
            open(exchange);
            write(exchange, text);
            try {
                while (true) {
                    Thread.sleep(20);
                    write(exchange, ": ping\n");
                }
            } catch (IOException e) {
                gone.countDown();
            }
        };
    }

    static Script refuse(int status, String body) {
        return exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/problem+json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        };
    }

    @Override
    public void close() {
        stop.countDown();
        server.stop(0);
    }
}
