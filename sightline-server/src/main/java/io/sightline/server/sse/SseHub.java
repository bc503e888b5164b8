package io.sightline.server.sse;

import io.javalin.http.Context;
import io.sightline.server.events.Event;
import io.sightline.server.events.EventFilter;
import io.sightline.server.events.EventLog;
import io.sightline.server.events.EventSink;
import io.sightline.server.http.ApiException;
import io.sightline.server.http.Endpoints;
import io.sightline.server.http.Operation;
import io.sightline.server.http.Schema;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams committed events to HTTP clients as Server-Sent Events.
 *
 * <p>Every event goes out as {@code id: <event id>}, {@code event: <type>}, {@code data: <payload JSON>}.
 * A client resuming with {@code Last-Event-ID} (header, or {@code lastEventId} query parameter) first
 * receives what it missed from the {@link EventLog} (inside the replay window) and then live events,
 * with no gap and no duplicate: the client is registered for live events <em>before</em> the log is
 * read, live events already replayed are skipped by id, and live events dropped while the client was
 * still catching up are read again from the log.
 *
 * <p>Each client has a bounded queue and its own sender (a virtual thread). {@link #committed} never
 * blocks: when a live client's queue is full, that client gets a final {@code event: error} with
 * reason {@code overflow} and is disconnected (forcibly after {@code overflowGrace} if its socket does
 * not drain); others are not affected. Idle streams get an {@code event: heartbeat} (no id) every
 * {@code heartbeatInterval}. {@link #close} sends {@code event: shutdown} to everyone and ends the
 * streams.
 */
public final class SseHub implements EventSink, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SseHub.class);

    /** Route of Sightline's own stream: {@code ?acquisition=<uuid>&types=a,b}. */
    public static final String STREAM_PATH = "/api/v1/events/stream";
    /** SmartEM-compatible route: {@code ?acquisition_uuid=&agent_id=&event_types=a,b}. */
    public static final String FRONTEND_STREAM_PATH = "/frontend/events/stream";

    /**
     * @param clientQueueCapacity live events buffered per client before it counts as too slow
     * @param heartbeatInterval idle time after which a heartbeat is sent
     * @param replayPageSize events read from the log per query while replaying
     * @param overflowGrace how long an overflowed (or shut-down) client may take to receive its final
     *     event before its connection is closed under it
     */
    public record Options(
            int clientQueueCapacity, Duration heartbeatInterval, int replayPageSize, Duration overflowGrace) {
        public static final Options DEFAULT = new Options(10_000, Duration.ofSeconds(15), 500, Duration.ofSeconds(5));

        public Options {
            if (clientQueueCapacity < 1 || replayPageSize < 1) {
                throw new IllegalArgumentException("clientQueueCapacity and replayPageSize must be >= 1");
            }
            Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
            Objects.requireNonNull(overflowGrace, "overflowGrace");
        }
    }

    private enum Ending {
        OVERFLOW,
        SHUTDOWN
    }

    private static final Live WAKE =
            new Live(new Event(Long.MIN_VALUE, "__wake", null, null, Instant.EPOCH, "{}"), new byte[0]);

    private final EventLog eventLog;
    private final Options options;
    private final Set<Client> clients = ConcurrentHashMap.newKeySet();
    private final ExecutorService senders = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("sse-client-", 0).factory());
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("sse-timers").factory());
    private final AtomicLong clientIds = new AtomicLong();
    private final AtomicLong overflows = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    /** The newest event id told to this hub; -1 until {@link #newestEventId} first reads the log. */
    private final AtomicLong newest = new AtomicLong(-1);

    private final java.util.concurrent.atomic.AtomicInteger sendersRunning =
            new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean closed;

    public SseHub(EventLog eventLog, Options options) {
        this.eventLog = Objects.requireNonNull(eventLog, "eventLog");
        this.options = Objects.requireNonNull(options, "options");
    }

    /** Adds {@link #STREAM_PATH} and {@link #FRONTEND_STREAM_PATH} (GET) to the app. */
    public static void register(Endpoints endpoints, SseHub hub) {
        endpoints.get(
                STREAM_PATH,
                stream(Operation.of("Stream Sightline events", STREAM)
                        .query("acquisition", Schema.type("string"), "Only events of this acquisition")
                        .query(
                                "types",
                                Schema.type("string"),
                                "Comma-separated event types; a trailing * matches a prefix")),
                ctx -> hub.open(
                        ctx,
                        new StreamFilter(
                                new EventFilter(
                                        ctx.queryParam("acquisition"),
                                        EventFilter.parseTypes(String.join(",", ctx.queryParams("types")))),
                                null)));
        endpoints.get(
                FRONTEND_STREAM_PATH,
                stream(Operation.of(
                                "Stream events (SmartEM frontend)",
                                "The SmartEM-compatible stream: the same events with SmartEM's query parameters. "
                                        + STREAM)
                        .query("acquisition_uuid", Schema.type("string"), "Only events of this acquisition")
                        .query("agent_id", Schema.type("string"), "Only events of this agent")
                        .query("event_types", Schema.type("string"), "Comma-separated event types")),
                ctx -> hub.open(
                        ctx,
                        new StreamFilter(
                                new EventFilter(
                                        ctx.queryParam("acquisition_uuid"),
                                        EventFilter.parseTypes(String.join(",", ctx.queryParams("event_types")))),
                                ctx.queryParam("agent_id"))));
    }

    private static final String STREAM = "Server-Sent Events: each committed event as 'id: <event id>', 'event:"
            + " <type>', 'data: <payload JSON>'. Resume with the Last-Event-ID header (or ?lastEventId=) to replay"
            + " what was missed inside the replay window. Idle streams get 'event: heartbeat'; a client too slow gets"
            + " 'event: error' and is disconnected; server shutdown sends 'event: shutdown'. Needs the viewer role;"
            + " browsers may pass ?access_token=. See docs/events.md.";

    private static Operation stream(Operation operation) {
        return operation
                .header("Last-Event-ID", "Resume after this event")
                .query("lastEventId", Schema.type("string"), "Same as the Last-Event-ID header")
                .query("access_token", Schema.type("string"), "A bearer token, for browsers' EventSource")
                .answer(200, "The event stream", "text/event-stream", Schema.type("string"))
                .problem(400, "Bad filter or Last-Event-ID")
                .problem(401, "Missing or invalid bearer token (problem+json)")
                .problem(403, "The token's role is below viewer (problem+json)")
                .problem(503, "Too many streams, or the server is stopping");
    }

    /** Connected stream clients. */
    public int clientCount() {
        return clients.size();
    }

    /** Clients disconnected because their queue overflowed, since start. */
    public long overflowCount() {
        return overflows.get();
    }

    /**
     * Senders still running: connected clients plus disconnected ones still delivering their final
     * event (at most {@code overflowGrace} each).
     */
    public int senderCount() {
        return sendersRunning.get();
    }

    /** Events written to clients since start (replayed and live). */
    public long sentCount() {
        return sent.get();
    }

    /**
     * The newest committed event id: what a render started now reflects at least. Raised in
     * {@link #committed} before any client hears of the events, so a client that has received event N
     * and then asks for a render is never given one that started before N was committed.
     */
    public long newestEventId() {
        long known = newest.get();
        if (known >= 0) {
            return known;
        }
        long logged = eventLog.latestId(); // once, after a start: events committed before this process
        return newest.accumulateAndGet(logged, Math::max);
    }

    @Override
    public void committed(List<Event> events) {
        for (Event e : events) {
            newest.accumulateAndGet(e.id(), Math::max);
        }
        if (clients.isEmpty()) {
            return;
        }
        // encoded once for every client: with hundreds of clients, formatting per client was most of the work
        List<Live> frames = new ArrayList<>(events.size());
        for (Event e : events) {
            frames.add(new Live(e, frame(e.id(), e.type(), e.payloadJson())));
        }
        for (Client c : clients) {
            for (Live l : frames) {
                c.offer(l);
            }
        }
    }

    /** A live event with its wire form. */
    private record Live(Event event, byte[] frame) {}

    /** One SSE message: {@code id:} (when given), {@code event:}, a {@code data:} line per line of data. */
    static byte[] frame(Long eventId, String type, String data) {
        StringBuilder sb = new StringBuilder(data.length() + 64);
        if (eventId != null) {
            sb.append("id: ").append(eventId).append('\n');
        }
        sb.append("event: ").append(type).append('\n');
        int from = 0;
        for (int i = 0; i < data.length(); i++) {
            char c = data.charAt(i);
            if (c == '\r' || c == '\n') {
                sb.append("data: ").append(data, from, i).append('\n');
                if (c == '\r' && i + 1 < data.length() && data.charAt(i + 1) == '\n') {
                    i++;
                }
                from = i + 1;
            }
        }
        sb.append("data: ").append(data, from, data.length()).append("\n\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Serves one stream on this request: answers 200 with {@code text/event-stream} and hands the
     * response to a new sender. Use it from a handler when a stream needs other routes or filters.
     */
    public void open(Context ctx, StreamFilter filter) {
        open(ctx, filter, null);
    }

    /** An event sent first on a stream, before any replay (swf-monitor's {@code connected}); no id. */
    public record Greeting(String type, String dataJson) {}

    /** As {@link #open(Context, StreamFilter)}, sending {@code greeting} (if not null) first. */
    public void open(Context ctx, StreamFilter filter, Greeting greeting) {
        Long resumeAfter;
        try {
            resumeAfter = lastEventId(ctx);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("Last-Event-ID must be a non-negative event id");
        }
        if (closed) {
            throw ApiException.unavailable("the server is shutting down");
        }
        Client client = new Client(clientIds.incrementAndGet(), ctx, filter, resumeAfter, greeting);
        SseResponse.begin(ctx);
        clients.add(client); // before replay: see the class comment
        sendersRunning.incrementAndGet();
        if (closed) {
            client.end(Ending.SHUTDOWN); // close() ran meanwhile and did not see this client
        }
        try {
            ctx.async(
                    cfg -> {
                        cfg.timeout = 0;
                        cfg.executor = senders;
                    },
                    client::run);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            clients.remove(client);
            sendersRunning.decrementAndGet();
            throw ApiException.unavailable("the server is shutting down");
        }
    }

    private static Long lastEventId(Context ctx) {
        String raw = ctx.header("Last-Event-ID");
        if (raw == null || raw.isBlank()) {
            raw = ctx.queryParam("lastEventId");
        }
        if (raw == null || raw.isBlank()) {
            return null;
        }
        long id = Long.parseLong(raw.strip());
        if (id < 0) {
            throw new NumberFormatException("negative");
        }
        return id;
    }

    /**
     * Sends {@code event: shutdown} to every client and ends the streams, waiting up to the overflow
     * grace for them to drain; later requests get 503. Call before stopping Javalin.
     */
    @Override
    public void close() {
        closed = true;
        for (Client c : clients) {
            c.end(Ending.SHUTDOWN);
        }
        senders.shutdown();
        try {
            if (!senders.awaitTermination(options.overflowGrace().toMillis() + 1_000, TimeUnit.MILLISECONDS)) {
                log.warn("{} stream clients did not finish after shutdown", clients.size());
                clients.forEach(Client::abort);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        timers.shutdownNow();
    }

    private final class Client {
        final long id;
        final Context ctx;
        final StreamFilter filter;
        final Long resumeAfter;
        final Greeting greeting;
        final ArrayBlockingQueue<Live> queue = new ArrayBlockingQueue<>(options.clientQueueCapacity());
        final Object lock = new Object();
        boolean catchingUp;
        boolean missedWhileCatchingUp;
        volatile Ending ending;
        volatile boolean finished;
        long lastSent;
        OutputStream out;

        Client(long id, Context ctx, StreamFilter filter, Long resumeAfter, Greeting greeting) {
            this.id = id;
            this.greeting = greeting;
            this.ctx = ctx;
            this.filter = filter;
            this.resumeAfter = resumeAfter;
            this.catchingUp = resumeAfter != null;
        }

        /** Called on the committing thread: never blocks. */
        void offer(Live live) {
            if (!filter.matches(live.event())) {
                return;
            }
            synchronized (lock) {
                if (ending != null || queue.offer(live)) {
                    return;
                }
                if (catchingUp) {
                    missedWhileCatchingUp = true; // it is in the log: the sender reads the log once more
                    return;
                }
            }
            overflows.incrementAndGet();
            log.warn("stream client {} is too slow ({} events queued): disconnecting it", id, queue.size());
            end(Ending.OVERFLOW);
        }

        void end(Ending why) {
            synchronized (lock) {
                if (ending != null) {
                    return;
                }
                ending = why;
                queue.clear();
                queue.offer(WAKE);
            }
            clients.remove(this);
            try {
                timers.schedule(
                        () -> {
                            if (!finished) {
                                log.info(
                                        "stream client {} did not take its final event within {}: closing its connection",
                                        id,
                                        options.overflowGrace());
                                abort();
                            }
                        },
                        options.overflowGrace().toMillis(),
                        TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                abort();
            }
        }

        void abort() {
            try {
                ServletContextRequest.getServletContextRequest(ctx.req())
                        .getConnectionMetaData()
                        .getConnection()
                        .getEndPoint()
                        .close();
            } catch (RuntimeException e) {
                log.debug("cannot abort connection of stream client {}", id, e);
            }
        }

        void run() {
            try {
                out = ctx.res().getOutputStream();
                if (greeting == null) {
                    out.write("retry: 2000\n\n".getBytes(StandardCharsets.US_ASCII));
                } else {
                    // inside the greeting's block: the swf reference client prints a block without data as a message
                    out.write("retry: 2000\n".getBytes(StandardCharsets.US_ASCII));
                    writeEvent(null, greeting.type(), greeting.dataJson());
                }
                flush();
                if (resumeAfter != null) {
                    replay(resumeAfter);
                }
                live();
                if (ending == Ending.OVERFLOW) {
                    writeEvent(
                            null,
                            "error",
                            "{\"reason\":\"overflow\",\"detail\":\"client too slow: more than "
                                    + options.clientQueueCapacity()
                                    + " events queued; reconnect with Last-Event-ID to resume\",\"lastEventId\":"
                                    + lastSent + "}");
                } else if (ending == Ending.SHUTDOWN) {
                    writeEvent(
                            null, "shutdown", "{\"reason\":\"server shutting down\",\"lastEventId\":" + lastSent + "}");
                }
                flush();
            } catch (IOException | UncheckedIOException e) {
                log.debug("stream client {} went away: {}", id, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                log.error("stream client {} failed", id, e);
            } finally {
                finished = true;
                clients.remove(this);
                sendersRunning.decrementAndGet();
            }
        }

        private void replay(long after) throws IOException {
            long latest = eventLog.latestId();
            if (after > latest) {
                // an id this log never issued (the database was replaced): resume from now, and say so
                writeEvent(
                        null,
                        "replay-truncated",
                        "{\"requestedAfter\":" + after + ",\"resumedAfter\":" + latest
                                + ",\"detail\":\"Last-Event-ID is newer than the newest event of this server; resuming from its newest event\"}");
                after = latest;
            }
            long floor = eventLog.replayFloor();
            if (after < floor) {
                writeEvent(
                        null,
                        "replay-truncated",
                        "{\"requestedAfter\":" + after + ",\"resumedAfter\":" + floor
                                + ",\"detail\":\"events between these ids are outside the replay window and are not sent\"}");
                after = floor;
            }
            lastSent = after;
            while (ending == null) {
                List<Event> page = eventLog.after(lastSent, filter.events(), options.replayPageSize());
                for (Event e : page) {
                    if (filter.matchesAgent(e)) {
                        writeEvent(e.id(), e.type(), e.payloadJson());
                    }
                    lastSent = e.id();
                }
                flush();
                if (page.size() < options.replayPageSize()) {
                    synchronized (lock) {
                        if (!missedWhileCatchingUp) {
                            catchingUp = false;
                            return;
                        }
                        missedWhileCatchingUp = false;
                    }
                }
            }
        }

        private void live() throws IOException, InterruptedException {
            long heartbeatMillis = options.heartbeatInterval().toMillis();
            while (true) {
                Live l = queue.poll(heartbeatMillis, TimeUnit.MILLISECONDS);
                if (ending != null) {
                    return;
                }
                if (l == null) {
                    writeEvent(null, "heartbeat", "{\"time\":\"" + Instant.now() + "\"}");
                    flush();
                } else if (l != WAKE && l.event().id() > lastSent) {
                    out.write(l.frame());
                    sent.incrementAndGet();
                    lastSent = l.event().id();
                    if (queue.isEmpty()) {
                        flush();
                    }
                }
            }
        }

        private void writeEvent(Long eventId, String type, String data) throws IOException {
            out.write(frame(eventId, type, data));
            if (eventId != null) {
                sent.incrementAndGet();
            }
        }

        private void flush() throws IOException {
            out.flush();
        }
    }
}
