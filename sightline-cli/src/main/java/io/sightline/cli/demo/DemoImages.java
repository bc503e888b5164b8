package io.sightline.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sightline.agent.AgentRunner;
import io.sightline.agent.images.EpuImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The demo's pictures: waits until the server holds every image the microscope wrote (as data objects the
 * agent registered), renders one of each kind through {@code /api/v1/images/{uid}} and says where to look.
 */
final class DemoImages {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param onDisk   images the microscope wrote
     * @param held     data objects the server holds
     * @param examples one uid of each kind and file type ({@code micrograph mrc})
     * @param rendered how many of the examples rendered as PNG
     */
    record Shown(int onDisk, int held, Map<String, String> examples, int rendered) {
        boolean complete() {
            return onDisk > 0 && held == onDisk && rendered == examples.size();
        }

        void describe(PrintWriter out, URI api) {
            out.printf(
                    "4. The server holds %d of the %d images the microscope wrote, by uid; %d of %d kinds rendered:%n",
                    held, onDisk, rendered, examples.size());
            examples.forEach((kind, uid) -> out.printf("   %-15s %sapi/v1/images/%s%n", kind, api, uid));
        }
    }

    private DemoImages() {}

    static Shown await(URI api, AgentRunner agent, Path visit, Duration timeout)
            throws IOException, InterruptedException {
        int onDisk;
        try (Stream<Path> files = Files.walk(visit)) {
            onDisk = (int) files.filter(p ->
                            EpuImage.classify(p.toAbsolutePath().normalize()).isPresent())
                    .count();
        }
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode objects = list(http, api);
        while (objects.size() < onDisk && System.nanoTime() < deadline) {
            Thread.sleep(250); // the agent registers the last images (a poll of the demo, not a test)
            objects = list(http, api);
        }
        Map<String, String> examples = new LinkedHashMap<>();
        for (JsonNode object : objects) {
            String path = object.path("path").asText();
            String label = object.path("kind").asText() + " " + path.substring(path.lastIndexOf('.') + 1);
            examples.putIfAbsent(label, object.path("uid").asText());
        }
        int rendered = 0;
        for (String uid : examples.values()) {
            HttpResponse<byte[]> png = http.send(
                    HttpRequest.newBuilder(api.resolve("api/v1/images/" + uid + "?size=256"))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (png.statusCode() == 200
                    && png.headers().firstValue("Content-Type").orElse("").startsWith("image/")) {
                rendered++;
            }
        }
        return new Shown(onDisk, objects.size(), examples, rendered);
    }

    /** Every data object (the demo's few hundred fit in one page). */
    private static JsonNode list(HttpClient http, URI api) throws IOException, InterruptedException {
        HttpResponse<String> answer = http.send(
                HttpRequest.newBuilder(api.resolve("api/v1/data-objects?limit=1000"))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return answer.statusCode() == 200 ? JSON.readTree(answer.body()) : JSON.createArrayNode();
    }
}
