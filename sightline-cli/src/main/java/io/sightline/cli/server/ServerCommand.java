package io.sightline.cli.server;

import io.sightline.cli.support.ExitCode;
import io.sightline.cli.support.Logging;
import io.sightline.cli.support.Settings;
import io.sightline.server.RetentionSettings;
import io.sightline.server.ServerApp;
import io.sightline.server.ServerConfig;
import io.sightline.server.data.PathMap;
import io.sightline.server.data.StorageSettings;
import io.sightline.server.events.ReplayWindow;
import io.sightline.server.fastmon.SwfRelay;
import io.sightline.server.pipeline.PipelineSettings;
import io.sightline.server.steering.SteeringSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sightline server}: the acquisition data API, event streams and dashboard, until Ctrl-C. */
@Command(
        name = "server",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Run the Sightline server: SmartEM-compatible REST API, /api/v1/ingest, live event streams "
                    + "(SSE), Prometheus metrics, OpenAPI at /openapi.json.",
            "Defaults need nothing installed: H2 database under the data directory, in-process event bus, "
                    + "loopback only. Bound to any other address it refuses to start until API tokens "
                    + "('sightline token create') or OIDC are configured.",
            "Settings: flags > environment (SIGHTLINE_PORT, SIGHTLINE_DB, ...) > --config file > defaults."
        },
        footer = {"", "Exit codes: 0 stopped cleanly, 3 could not start (configuration, port, database)."})
public final class ServerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = "--port",
            paramLabel = "PORT",
            description = "TCP port (default: 8000; 0 picks a free one; env " + "SIGHTLINE_PORT).")
    Integer port;

    @Option(
            names = "--bind",
            paramLabel = "ADDRESS",
            description = "Address to listen on (default: 127.0.0.1; env " + "SIGHTLINE_BIND).")
    String bind;

    @Option(
            names = "--amqp",
            paramLabel = "URI",
            description = "Publish events to RabbitMQ, e.g. "
                    + "amqp://user:pass@host:5672/vhost (default: in-process bus; env SIGHTLINE_AMQP).")
    String amqp;

    @Option(
            names = "--swf-relay",
            description = "Relay the swf bus (amq.topic, key --swf-topic; what RabbitMQ's STOMP plugin makes of"
                    + " /topic/epictopic) to /api/messages/stream/; needs --amqp.")
    boolean swfRelay;

    @Option(
            names = "--swf-queue",
            paramLabel = "NAME",
            description = "The relay's durable queue (default: sightline.swf.epictopic).")
    String swfQueue;

    @Option(names = "--swf-topic", paramLabel = "KEY", description = "The relayed routing key (default: epictopic).")
    String swfTopic;

    @Option(
            names = "--swf-namespace",
            paramLabel = "NS",
            description = "Testbed namespace: relayed messages of another namespace are dropped.")
    String swfNamespace;

    @Option(
            names = "--max-body-bytes",
            paramLabel = "BYTES",
            description = "Largest request body accepted " + "(default: 16 MiB; env SIGHTLINE_MAX_BODY_BYTES).")
    Integer maxBodyBytes;

    @Option(
            names = "--steering-check-interval",
            paramLabel = "SECONDS",
            description = "How often the steering "
                    + "connection manager closes stale connections and retries or expires instructions (default: 30; env "
                    + "SIGHTLINE_STEERING_CHECK_INTERVAL).")
    Integer steeringCheckInterval;

    @Option(
            names = "--steering-heartbeat",
            paramLabel = "SECONDS",
            description = "Heartbeat interval of agent "
                    + "instruction streams (default: 15; env SIGHTLINE_STEERING_HEARTBEAT).")
    Integer steeringHeartbeat;

    @Option(
            names = "--ingest-key-retention",
            paramLabel = "DAYS",
            description = "How long idempotency keys of "
                    + "ingest requests are kept (default: 7; env SIGHTLINE_INGEST_KEY_RETENTION).")
    Integer ingestKeyRetention;

    @Option(
            names = "--event-retention",
            paramLabel = "DAYS",
            description = "How long committed events are kept "
                    + "(default: 30, at least the 1-day replay window; env SIGHTLINE_EVENT_RETENTION).")
    Integer eventRetention;

    @Option(
            names = "--stream-queue",
            paramLabel = "EVENTS",
            description = "Events buffered per event-stream client before it counts as too slow and is cut off "
                    + "(default: 10000; env SIGHTLINE_STREAM_QUEUE).")
    Integer streamQueue;

    @Option(
            names = "--replay-events",
            paramLabel = "EVENTS",
            description = "How many of the newest events a reconnecting stream client may resume from; at least "
                    + "twice --stream-queue, so that a client cut off for falling behind resumes without loss "
                    + "(default: 100000, and at most 24 hours old; env SIGHTLINE_REPLAY_EVENTS).")
    Integer replayEvents;

    @Option(
            names = "--storage-root",
            paramLabel = "DIR",
            description = "A directory data objects may be registered and served from; repeatable (default: none, "
                    + "so nothing can be registered; env SIGHTLINE_STORAGE_ROOT or config storage-root, several "
                    + "separated by ';').")
    List<Path> storageRoots = new ArrayList<>();

    @Option(
            names = "--path-map",
            paramLabel = "FROM=TO",
            description = "Rewrite a producer's path prefix to a server path, e.g. 'Z:\\=/mnt/z'; repeatable, "
                    + "first match wins (env SIGHTLINE_PATH_MAP or config path-map, several separated by ';').")
    List<String> pathMaps = new ArrayList<>();

    @Option(
            names = "--render-cache-mb",
            paramLabel = "MB",
            description = "Bound of the on-disk cache of rendered images under the data directory (default: 256; "
                    + "env SIGHTLINE_RENDER_CACHE_MB).")
    Integer renderCacheMb;

    @Option(
            names = "--pipeline-root",
            paramLabel = "DIR",
            description = "A directory processing pipeline projects may live in; repeatable (default: the storage "
                    + "roots, else <data dir>/pipelines).")
    List<Path> pipelineRoots = new ArrayList<>();

    @Option(
            names = "--pipeline-program",
            paramLabel = "TYPE=COMMAND",
            description = "Run COMMAND (split at spaces) for pipeline job type TYPE instead of the type's own "
                    + "program, e.g. 'spa.ctf=/opt/site/ctffind-wrapper'; repeatable.")
    List<String> pipelinePrograms = new ArrayList<>();

    @Mixin
    StoreOptions store;

    @Mixin
    PipelineExecutorOptions pipelineExecutor;

    /** Pipelines on the executor chosen (local processes by default), with the roots and programs given. */
    PipelineSettings pipelineSettings() {
        Map<String, List<String>> programs = new LinkedHashMap<>();
        for (String p : pipelinePrograms) {
            int eq = p.indexOf('=');
            if (eq < 1 || p.substring(eq + 1).isBlank()) {
                throw new IllegalArgumentException("--pipeline-program '" + p + "' is not TYPE=COMMAND");
            }
            programs.put(p.substring(0, eq), List.of(p.substring(eq + 1).strip().split("\\s+")));
        }
        PipelineSettings d = PipelineSettings.defaults();
        return new PipelineSettings(pipelineExecutor.executor(store.settings()), programs, pipelineRoots, d.interval());
    }

    @Override
    public Integer call() throws Exception {
        Logging.longRunning();
        ServerConfig config;
        PipelineSettings pipelines;
        try {
            config = config();
            // Here, so that a wrong pipeline option exits 2 (usage) naming it, like the other settings.
            pipelines = pipelineSettings();
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("sightline server: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return ExitCode.USAGE;
        }
        ServerApp.Running running;
        try {
            ServerApp.Builder builder = ServerApp.builder(config);
            if (swfRelay) {
                if (config.amqpUri() == null) {
                    spec.commandLine()
                            .getErr()
                            .println("sightline server: --swf-relay needs --amqp (or SIGHTLINE_AMQP)");
                    return ExitCode.USAGE;
                }
                builder.swfRelay(new SwfRelay.Settings(config.amqpUri(), swfQueue, swfTopic, swfNamespace));
            }
            builder.pipelines(pipelines);
            running = builder.build().start();
        } catch (RuntimeException e) {
            spec.commandLine().getErr().println("sightline server: could not start: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return ExitCode.ENVIRONMENT;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        // The logger is looked up here, not in a static field: building the command tree (for --help or
        // --version too) would otherwise start Logback and parse its XML configuration, ~0.15 s of start.
        Logger log = LoggerFactory.getLogger(ServerCommand.class);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            log.info("stopping: draining requests and closing streams");
                            running.close();
                            stopped.countDown();
                            spec.commandLine().getErr().flush();
                            // An orderly stop (requests drained, streams ended, database closed last) is
                            // a success: exit 0 rather than the JVM's 143 for SIGTERM or 130 for Ctrl-C.
                            Runtime.getRuntime().halt(ExitCode.OK);
                        },
                        "server-stop"));
        String host = config.bind().contains(":") ? "[" + config.bind() + "]" : config.bind();
        spec.commandLine()
                .getOut()
                .printf(
                        "Sightline server ready at http://%s:%d/  (API docs: /docs, metrics: "
                                + "/metrics); Ctrl-C stops it.%n",
                        host, running.port());
        spec.commandLine().getOut().flush();
        stopped.await();
        return ExitCode.OK;
    }

    ServerConfig config() {
        Settings settings = store.settings();
        ServerConfig config = store.apply(settings, ServerConfig.defaults(store.dataDir(settings)));
        config = config.withPort(settings.getInt("port", port).orElse(config.port()));
        config = config.withBind(settings.get("bind", bind).orElse(config.bind()));
        config = config.withAmqpUri(settings.get("amqp", amqp).orElse(config.amqpUri()));
        Integer body = settings.getInt("max-body-bytes", maxBodyBytes).orElse(null);
        if (body != null) {
            config = config.withMaxBodyBytes(body);
        }
        SteeringSettings steering = config.steering();
        steering = settings.getInt("steering-check-interval", steeringCheckInterval)
                .map(Duration::ofSeconds)
                .map(steering::withCheckInterval)
                .orElse(steering);
        steering = settings.getInt("steering-heartbeat", steeringHeartbeat)
                .map(Duration::ofSeconds)
                .map(steering::withStreamHeartbeat)
                .orElse(steering);
        RetentionSettings retention = config.retention();
        retention = settings.getInt("ingest-key-retention", ingestKeyRetention)
                .map(Duration::ofDays)
                .map(retention::withIngestKeys)
                .orElse(retention);
        retention = settings.getInt("event-retention", eventRetention)
                .map(Duration::ofDays)
                .map(retention::withEventLog)
                .orElse(retention);
        int queue = settings.getInt("stream-queue", streamQueue).orElse(config.sseQueueSize());
        ReplayWindow defaultWindow = config.replayWindow();
        ReplayWindow window = settings.getInt("replay-events", replayEvents)
                .map(events -> new ReplayWindow(events, defaultWindow.maxAge()))
                .orElse(defaultWindow);
        List<Path> roots = storageRoots.isEmpty()
                ? list(settings.get("storage-root", null)).stream()
                        .map(Path::of)
                        .toList()
                : storageRoots;
        List<String> maps = pathMaps.isEmpty() ? list(settings.get("path-map", null)) : pathMaps;
        StorageSettings paths = config.storage()
                .withRoots(roots)
                .withPathMaps(maps.stream().map(PathMap::parse).toList());
        StorageSettings storage = settings.getInt("render-cache-mb", renderCacheMb)
                .map(mb -> paths.withRenderCacheBytes(mb * 1024L * 1024L))
                .orElse(paths);
        return config.withStreams(queue, window)
                .withSteering(steering)
                .withRetention(retention)
                .withStorage(storage);
    }

    /** A list setting from the environment or the config file: values separated by ';'. */
    private static List<String> list(Optional<String> value) {
        return value.map(v -> Arrays.stream(v.split(";"))
                        .map(String::strip)
                        .filter(x -> !x.isEmpty())
                        .toList())
                .orElse(List.of());
    }
}
