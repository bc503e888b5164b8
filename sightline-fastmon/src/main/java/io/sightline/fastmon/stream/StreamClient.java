package io.sightline.fastmon.stream;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows {@code /api/messages/stream/}: reads events as they come and, when the connection drops,
 * connects again with {@code Last-Event-ID} set to the last id it received, so that nothing is missed.
 * {@link #close()} ends it at once (it closes the connection under the reader), unlike the reference
 * client, which ignores Ctrl-C until the server ends the stream.
 */
public final class StreamClient implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StreamClient.class);

    /** What to follow: the server, a token, and the stream's filters (each comma-separated, or null). */
    public record Target(URI apiUrl, String token, String msgTypes, String agents, String runIds) {
        URI streamUri() {
            StringBuilder q = new StringBuilder();
            add(q, "msg_types", msgTypes);
            add(q, "agents", agents);
            add(q, "run_ids", runIds);
            String base = apiUrl.toString().replaceAll("/+$", "");
            return URI.create(base + "/api/messages/stream/" + (q.isEmpty() ? "" : "?" + q));
        }

        private static void add(StringBuilder q, String name, String value) {
            if (value != null && !value.isBlank()) {
                q.append(q.isEmpty() ? "" : "&")
                        .append(name)
                        .append('=')
                        .append(java.net.URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        }
    }

    private final Target target;
    private final Consumer<StreamEvent> listener;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final Thread thread;
    private volatile String lastEventId;
    private volatile InputStream current;
    private volatile boolean running = true;
    private volatile int connects;
    private volatile boolean dropRequested;

    public StreamClient(Target target, String resumeAfter, Consumer<StreamEvent> listener) {
        this.target = target;
        this.listener = listener;
        this.lastEventId = resumeAfter;
        this.thread = Thread.ofPlatform().name("sightline-stream").daemon().unstarted(this::run);
    }

    public StreamClient start() {
        thread.start();
        return this;
    }

    /** The id of the last event received (what a reconnect resumes after). */
    public String lastEventId() {
        return lastEventId;
    }

    /** How many times a connection was opened (1 + reconnects). */
    public int connects() {
        return connects;
    }

    /** Drops the current connection as a network failure would; the client reconnects by itself. */
    public void dropConnection() {
        // A close-delimited body (streams answer Connection: close) may not wake a blocked read on close or
        // interrupt; the flag ends the read at the next line that arrives, whatever the HTTP client does.
        dropRequested = true;
        closeCurrent();
        // closing the body does not wake a read blocked on the next bytes; an interrupt does
        thread.interrupt();
    }

    private void run() {
        long delay = 200;
        while (running) {
            try {
                HttpRequest.Builder b = HttpRequest.newBuilder(target.streamUri())
                        .header("Accept", "text/event-stream")
                        .header("Cache-Control", "no-cache");
                if (target.token() != null && !target.token().isBlank()) {
                    b.header("Authorization", "Token " + target.token());
                }
                if (lastEventId != null) {
                    b.header("Last-Event-ID", lastEventId);
                }
                HttpResponse<InputStream> r = http.send(b.GET().build(), HttpResponse.BodyHandlers.ofInputStream());
                if (r.statusCode() != 200) {
                    String body = new String(r.body().readNBytes(2000), StandardCharsets.UTF_8);
                    r.body().close();
                    log.warn("the stream answered {}: {}", r.statusCode(), body);
                    if (r.statusCode() == 401 || r.statusCode() == 403) {
                        listener.accept(new StreamEvent(null, "auth-failed", body));
                    }
                } else {
                    connects++;
                    current = r.body();
                    delay = 200;
                    read(r.body());
                }
            } catch (IOException | InterruptedException e) {
                if (running) {
                    log.info("stream connection lost ({}); reconnecting after event {}", e.getMessage(), lastEventId);
                }
            }
            if (!running) {
                return;
            }
            Thread.interrupted(); // a dropped connection's interrupt is spent; only close() ends the loop
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                if (!running) {
                    return;
                }
            }
            delay = Math.min(10_000, delay * 2);
        }
    }

    private void read(InputStream in) throws IOException {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String id = null;
            String event = null;
            StringBuilder data = null;
            for (String line; (line = r.readLine()) != null; ) {
                if (dropRequested) {
                    dropRequested = false;
                    throw new IOException("connection dropped on request");
                }
                if (line.isEmpty()) {
                    if (data != null) {
                        if (id != null) {
                            lastEventId = id;
                        }
                        listener.accept(new StreamEvent(id, event == null ? "message" : event, data.toString()));
                    }
                    id = null;
                    event = null;
                    data = null;
                } else if (line.startsWith(":")) {
                    continue;
                } else {
                    int colon = line.indexOf(':');
                    String field = colon < 0 ? line : line.substring(0, colon);
                    String value = colon < 0 ? "" : line.substring(colon + 1);
                    if (value.startsWith(" ")) {
                        value = value.substring(1);
                    }
                    switch (field) {
                        case "id" -> id = value;
                        case "event" -> event = value;
                        case "data" ->
                            data = data == null
                                    ? new StringBuilder(value)
                                    : data.append('\n').append(value);
                        default -> {
                            // retry: and unknown fields
                        }
                    }
                }
            }
        }
    }

    private void closeCurrent() {
        InputStream in = current;
        if (in != null) {
            try {
                in.close();
            } catch (IOException e) {
                log.debug("closing the stream failed", e);
            }
        }
    }

    /** Ends the stream now. */
    @Override
    public void close() {
        running = false;
        closeCurrent();
        thread.interrupt();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
