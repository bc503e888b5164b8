package io.sightline.cli.fastmon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sightline.cli.support.ExitCode;
import io.sightline.fastmon.stream.StreamClient;
import io.sightline.fastmon.stream.StreamEvent;
import io.sightline.fastmon.stream.TfStatistics;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sightline stream}: follows a server's message stream in the terminal, TF samples as coloured
 * lines in the reference client's layout, with per-run statistics; Ctrl-C stops at once and prints the
 * summary; a dropped connection resumes with {@code Last-Event-ID}.
 */
@Command(
        name = "stream",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Follow the fast-monitoring message stream (/api/messages/stream/) live.")
public final class StreamCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Option(names = "--api-url", required = true, paramLabel = "URL", description = "The Sightline server.")
    URI apiUrl;

    @Option(names = "--token", paramLabel = "T", description = "API token.")
    String token;

    @Option(names = "--message-types", paramLabel = "A,B", description = "Only these msg_types.")
    String messageTypes;

    @Option(names = "--agents", paramLabel = "A,B", description = "Only messages sent or processed by these agents.")
    String agents;

    @Option(names = "--run-ids", paramLabel = "A,B", description = "Only messages of these runs.")
    String runIds;

    @Option(names = "--json", description = "One JSON object per line (id, event, data) instead of coloured lines.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        boolean colour = !json && System.console() != null;
        TfStatistics stats = new TfStatistics(Instant.now());
        StreamClient client =
                new StreamClient(new StreamClient.Target(apiUrl, token, messageTypes, agents, runIds), null, e -> {
                    String line = line(e, stats, colour);
                    if (line != null) {
                        synchronized (out) {
                            out.println(line);
                            out.flush();
                        }
                    }
                });
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            client.close();
                            if (!json) {
                                synchronized (out) {
                                    out.println();
                                    out.println(stats.summary(Instant.now()));
                                    out.flush();
                                }
                            }
                            stopped.countDown();
                            Runtime.getRuntime().halt(ExitCode.OK);
                        },
                        "sightline-stream-stop"));
        client.start();
        stopped.await();
        return ExitCode.OK;
    }

    private String line(StreamEvent e, TfStatistics stats, boolean colour) {
        if (json) {
            if (e.event().equals("heartbeat")) {
                return null;
            }
            var n = JSON.createObjectNode().put("id", e.id()).put("event", e.event());
            try {
                n.set("data", JSON.readTree(e.data()));
            } catch (IOException ex) {
                n.put("data", e.data());
            }
            return n.toString();
        }
        switch (e.event()) {
            case "heartbeat" -> {
                return null;
            }
            case "connected" -> {
                return "connected to " + apiUrl;
            }
            default -> {
                JsonNode msg;
                try {
                    msg = JSON.readTree(e.data());
                } catch (IOException ex) {
                    return "[" + e.event() + "] " + e.data();
                }
                if ("tf_file_registered".equals(msg.path("msg_type").asText())) {
                    return stats.add(msg, colour);
                }
                return "[" + e.event() + "] from " + msg.path("sender").asText("?") + " run "
                        + msg.path("run_id").asText("?");
            }
        }
    }
}
