package io.sightline.server.testing;

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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A real SSE client over java.net.http that records every message it reads. */
public final class SseRecorder implements AutoCloseable {

    /** One parsed SSE message; id is null when the message had no {@code id:} line. */
    public record Message(String id, String event, String data) {}

    private final List<Message> messages = new CopyOnWriteArrayList<>();
    private final CountDownLatch ended = new CountDownLatch(1);
    private final int status;
    private final InputStream body;
    private final Thread reader;

    private SseRecorder(int status, InputStream body) {
        this.status = status;
        this.body = body;
        reader = Thread.ofVirtual().start(this::read);
    }

    public static SseRecorder open(URI uri, Map<String, String> headers) throws IOException, InterruptedException {
        HttpClient client =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .header("Accept", "text/event-stream")
                .timeout(Duration.ofSeconds(30));
        headers.forEach(b::header);
        HttpResponse<InputStream> response = client.send(b.GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        return new SseRecorder(response.statusCode(), response.body());
    }

    /**
     * Reads the stream as urllib3 does (and so {@code requests}, {@code sseclient} and the SmartEM
     * agent): a chunk reaches the SSE parser only once its closing CRLF has arrived.
     */
    public static SseRecorder openChunkStrict(URI uri, Map<String, String> headers) throws IOException {
        ChunkStrictHttp.Response response = ChunkStrictHttp.get(uri, headers);
        return new SseRecorder(response.status(), response.body());
    }

    public static SseRecorder open(URI uri) throws IOException, InterruptedException {
        return open(uri, Map.of());
    }

    private void read() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String id = null;
            String event = null;
            StringBuilder data = null;
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isEmpty()) {
                    if (data != null || event != null) {
                        messages.add(new Message(
                                id, event == null ? "message" : event, data == null ? "" : data.toString()));
                    }
                    id = null;
                    event = null;
                    data = null;
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).strip();
                } else if (line.startsWith("event:")) {
                    event = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    String d = line.substring(5);
                    d = d.startsWith(" ") ? d.substring(1) : d;
                    data = data == null
                            ? new StringBuilder(d)
                            : data.append('\n').append(d);
                }
            }
        } catch (IOException e) {
            // closed by us or by the server
        } finally {
            ended.countDown();
        }
    }

    public int status() {
        return status;
    }

    public List<Message> messages() {
        return List.copyOf(messages);
    }

    /** Messages that carry an event id (that is, events, not heartbeats or control messages). */
    public List<Message> events() {
        return messages.stream().filter(m -> m.id() != null).toList();
    }

    public List<Long> eventIds() {
        return events().stream().map(m -> Long.parseLong(m.id())).toList();
    }

    public boolean ended() {
        return ended.getCount() == 0;
    }

    public boolean awaitEnd(Duration d) throws InterruptedException {
        return ended.await(d.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        try {
            body.close();
        } catch (IOException e) {
            // already closed
        }
        reader.interrupt();
    }
}
