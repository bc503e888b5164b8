package io.sightline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Issue 15's two latencies of runs triggered by acquisition, on a real server process (local executor):
 * <ol>
 *   <li><b>acquisition to submitted job</b>: a pipeline attached with batch size 50; 50 micrographs posted; the
 *       clock runs from the answer to the 50th micrograph's POST to the moment the batch's import job was
 *       submitted (the job's {@code updated_at} when the server stored it SUBMITTED; the tool holds, so that
 *       time stays put);</li>
 *   <li><b>marker to next submission</b>: the import's hold released, its wrapper writes
 *       {@code RELION_JOB_EXIT_SUCCESS}; the clock runs from the marker's mtime to the motion job's
 *       SUBMITTED time.</li>
 * </ol>
 * Prints each run and the medians.
 *
 * <p>Run: {@code java -cp sightline-bench/target/benchmarks.jar io.sightline.bench.AttachedBatchLatency
 * sightline-cli/target/sightline.jar [runs [extra server flags...]]}.
 */
public final class AttachedBatchLatency {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String TOOL = """
            #!/bin/sh
            out=$1; shift
            while [ -e "$SIGHTLINE_PROJECT/hold_$SIGHTLINE_JOB" ]; do sleep 0.01; done
            echo ok > "$out"
            """;

    private AttachedBatchLatency() {}

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        String[] extra = args.length > 2 ? Arrays.copyOfRange(args, 2, args.length) : new String[0];
        Path work = Files.createTempDirectory("sightline-attach-bench");
        Path files = Files.createDirectories(work.resolve("files"));
        Path projects = Files.createDirectories(work.resolve("projects"));
        Path tool = work.resolve("tool.sh");
        Files.writeString(tool, TOOL);
        int port = ServerProcess.freePort();
        URI api = URI.create("http://127.0.0.1:" + port);
        List<String> flags = new java.util.ArrayList<>(List.of(
                "--storage-root",
                files.toString(),
                "--pipeline-root",
                projects.toString(),
                "--pipeline-program",
                "spa.import=/bin/sh " + tool + " movies.star",
                "--pipeline-program",
                "spa.motioncorr=/bin/sh " + tool + " corrected_micrographs.star"));
        flags.addAll(List.of(extra));
        Process server = ServerProcess.start(
                jar, port, work.resolve("server"), work.resolve("server.log"), flags.toArray(String[]::new));
        double[] toSubmit = new double[runs];
        double[] toNext = new double[runs];
        try {
            ServerProcess.awaitUp(api);
            for (int run = -1; run < runs; run++) { // run -1 warms the server up
                double[] r = run(api, files, projects, "p" + (run + 1));
                if (run >= 0) {
                    toSubmit[run] = r[0];
                    toNext[run] = r[1];
                    System.out.printf(
                            Locale.ROOT,
                            "run %d: 50th micrograph -> batch job submitted %.0f ms; marker -> next job submitted %.0f ms%n",
                            run + 1,
                            r[0],
                            r[1]);
                }
            }
        } finally {
            server.destroy();
            server.waitFor();
        }
        System.out.printf(
                Locale.ROOT,
                "median of %d: 50th micrograph -> submitted %.0f ms (budget 2000); marker -> next submitted %.0f ms"
                        + " (budget 1000)%n",
                runs,
                median(toSubmit),
                median(toNext));
    }

    /** One attachment and batch; answers {ms from 50th ingest to submit, ms from marker to next submit}. */
    private static double[] run(URI api, Path files, Path projects, String project) throws Exception {
        Path dir = Files.createDirectories(projects.resolve(project));
        Files.writeString(dir.resolve("hold_import"), "");
        Files.writeString(dir.resolve("hold_motion"), "");
        String acq = UUID.randomUUID().toString();
        String grid = UUID.randomUUID().toString();
        String square = UUID.randomUUID().toString();
        String hole = UUID.randomUUID().toString();
        post(api, "/acquisitions", Map.of("uuid", acq, "name", "bench", "status", "started"));
        post(api, "/acquisitions/" + acq + "/grids", Map.of("uuid", grid, "name", "G", "acquisition_uuid", acq));
        post(api, "/grids/" + grid + "/gridsquares", Map.of("uuid", square, "gridsquare_id", "1", "grid_uuid", grid));
        post(
                api,
                "/gridsquares/" + square + "/foilholes",
                List.of(Map.of("uuid", hole, "foilhole_id", "7", "gridsquare_id", "1", "gridsquare_uuid", square)));
        Map<String, Object> attach = new LinkedHashMap<>();
        attach.put("acquisition_uuid", acq);
        attach.put(
                "pipeline",
                Map.of(
                        "name",
                        "bench",
                        "jobs",
                        List.of(
                                Map.of("name", "import", "type", "spa.import"),
                                Map.of("name", "motion", "type", "spa.motioncorr"))));
        attach.put("project", project);
        attach.put("acquisition", Map.of("pixel_size", 0.83));
        attach.put("batch_size", 50);
        attach.put("max_wait_seconds", 3600);
        String id = post(api, "/api/v1/pipeline/attachments", attach).path("id").asText();
        Instant fiftieth = null;
        for (int n = 1; n <= 50; n++) {
            Path manifest = files.resolve(project + "_FoilHole_7_Data_" + n + ".xml");
            Files.writeString(manifest, "<MicroscopeImage/>");
            post(
                    api,
                    "/foilholes/" + hole + "/micrographs",
                    Map.of(
                            "uuid",
                            UUID.randomUUID().toString(),
                            "foilhole_uuid",
                            hole,
                            "foilhole_id",
                            "7",
                            "micrograph_id",
                            project + "_" + n,
                            "manifest_file",
                            manifest.toString()));
            fiftieth = Instant.now();
        }
        String runId = null;
        while (runId == null) {
            JsonNode batches = get(api, "/api/v1/pipeline/attachments/" + id).path("batch_runs");
            if (!batches.isEmpty()) {
                runId = batches.get(0).path("run_id").asText();
            }
            Thread.sleep(5);
        }
        Instant importSubmitted = submittedAt(api, runId, "import");
        Path marker = dir.resolve("Import/job001/RELION_JOB_EXIT_SUCCESS");
        Files.delete(dir.resolve("hold_import"));
        while (!Files.exists(marker)) {
            Thread.sleep(2);
        }
        Instant markerAt = Files.getLastModifiedTime(marker).toInstant();
        Instant motionSubmitted = submittedAt(api, runId, "motion");
        Files.delete(dir.resolve("hold_motion"));
        return new double[] {
            Duration.between(fiftieth, importSubmitted).toNanos() / 1e6,
            Duration.between(markerAt, motionSubmitted).toNanos() / 1e6
        };
    }

    /** When the job was stored SUBMITTED (its tool holds, so updated_at stays that moment). */
    private static Instant submittedAt(URI api, String runId, String job) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode run = get(api, "/api/v1/pipeline/runs/" + runId);
            if (run.has("jobs")) {
                for (JsonNode j : run.path("jobs")) {
                    if (j.path("name").asText().equals(job)
                            && j.path("status").asText().equals("submitted")) {
                        return Instant.parse(j.path("updated_at").asText());
                    }
                }
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("job " + job + " of run " + runId + " was not submitted within 60 s");
    }

    private static JsonNode post(URI api, String path, Object body) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(api.resolve(path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    private static JsonNode get(URI api, String path) throws IOException, InterruptedException {
        return JSON.readTree(
                HTTP.send(HttpRequest.newBuilder(api.resolve(path)).build(), HttpResponse.BodyHandlers.ofString())
                        .body());
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
