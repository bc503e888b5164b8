package io.sightline.fastmon.stream;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code sightline stream} shows: one line per TF sample in the reference client's layout (time,
 * TF name, size, STF, run, status) and the totals per run for the summary.
 */
public final class TfStatistics {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    /** One run's totals. */
    public record RunTotals(long tfFiles, long bytes) {}

    private final Instant started;
    private final Map<Long, RunTotals> runs = new TreeMap<>();
    private long tfFiles;
    private long bytes;

    public TfStatistics(Instant started) {
        this.started = started;
    }

    /** Counts a {@code tf_file_registered} message and answers its line. */
    public synchronized String add(JsonNode msg, boolean colour) {
        long size = msg.path("file_size_bytes").asLong(0);
        tfFiles++;
        bytes += size;
        JsonNode runNode = msg.hasNonNull("run_number") ? msg.get("run_number") : msg.get("run_id");
        Long run = runNode == null || runNode.isNull() || !runNode.asText().matches("\\d{1,18}")
                ? null
                : Long.parseLong(runNode.asText());
        if (run != null) {
            runs.merge(run, new RunTotals(1, size), (a, b) -> new RunTotals(a.tfFiles() + 1, a.bytes() + b.bytes()));
        }
        String time;
        try {
            time = TIME.format(Instant.parse(msg.path("timestamp").asText()));
        } catch (RuntimeException e) {
            time = TIME.format(Instant.now());
        }
        String status = msg.path("status").asText("?");
        return String.format(
                Locale.ROOT,
                "[%s] TF: %-25s | Size: %8s | STF: %-20s | Run: %4s | Status: %s",
                time,
                msg.path("tf_filename").asText("?"),
                size(size),
                msg.path("stf_filename").asText("?"),
                run == null ? "?" : run,
                colour ? colour(status) : status);
    }

    public synchronized long tfFiles() {
        return tfFiles;
    }

    public synchronized Map<Long, RunTotals> runs() {
        return Map.copyOf(runs);
    }

    /** The reference client's summary: uptime, TF files, total size, runs. */
    public synchronized String summary(Instant now) {
        StringBuilder sb = new StringBuilder();
        sb.append("=".repeat(60)).append('\n');
        sb.append("FAST MONITORING CLIENT SUMMARY\n");
        Duration up = Duration.between(started, now);
        sb.append(String.format(
                Locale.ROOT, "Uptime: %d:%02d:%02d%n", up.toHours(), up.toMinutesPart(), up.toSecondsPart()));
        sb.append("TF Files Received: ").append(tfFiles).append('\n');
        sb.append(String.format(Locale.ROOT, "Total Data Size: %.2f MB%n", bytes / 1024.0 / 1024.0));
        sb.append("Active Runs: ").append(runs.size()).append('\n');
        if (!runs.isEmpty()) {
            sb.append("Run Statistics:\n");
            runs.forEach((run, t) -> sb.append(String.format(
                    Locale.ROOT, "  Run %d: %d TF files, %.2f MB%n", run, t.tfFiles(), t.bytes() / 1024.0 / 1024.0)));
        }
        sb.append("=".repeat(60));
        return sb.toString();
    }

    static String size(long b) {
        if (b < 1024) {
            return b + "B";
        }
        if (b < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1fKB", b / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1fMB", b / 1024.0 / 1024.0);
    }

    private static String colour(String status) {
        String code = switch (status) {
            case "registered" -> "32";
            case "processing" -> "33";
            case "processed" -> "34";
            case "failed" -> "31";
            case "done" -> "35";
            default -> "0";
        };
        return "\u001b[" + code + "m" + status + "\u001b[0m";
    }
}
