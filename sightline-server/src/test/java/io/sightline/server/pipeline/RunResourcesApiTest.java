package io.sightline.server.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.pipeline.exec.local.LocalExecutor;
import io.sightline.server.testing.TestDatabase;
import io.sightline.server.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run request's resource overrides ({@code resources}, {@code job_resources}) on a real server. */
class RunResourcesApiTest {
    @TempDir
    Path tmp;

    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("projects"));
        Path tool = tmp.resolve("tool.sh");
        Files.writeString(tool, "#!/bin/sh\necho ok > \"$1\"\n");
        PipelineSettings settings = new PipelineSettings(
                new LocalExecutor(),
                Map.of(
                        "spa.import", List.of("/bin/sh", tool.toString(), "movies.star"),
                        "spa.motioncorr", List.of("/bin/sh", tool.toString(), "corrected_micrographs.star")),
                List.of(root),
                Duration.ofMillis(50));
        server = TestServer.start(TestDatabase.h2(), c -> c, b -> b.pipelines(settings));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private TestServer.Response run(Object resources, Object jobResources) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(
                "pipeline",
                Map.of(
                        "name",
                        "mini",
                        "jobs",
                        List.of(
                                Map.of("name", "import", "type", "spa.import"),
                                Map.of("name", "motion", "type", "spa.motioncorr"))));
        body.put("project", "p");
        body.put("acquisition", Map.of("pixel_size", 0.83));
        if (resources != null) {
            body.put("resources", resources);
        }
        if (jobResources != null) {
            body.put("job_resources", jobResources);
        }
        return server.post(PipelineRoutes.PATH + "/runs", body);
    }

    private static List<String> locations(TestServer.Response r) {
        List<String> out = new ArrayList<>();
        for (JsonNode e : r.json().path("errors")) {
            List<String> loc = new ArrayList<>();
            e.path("loc").forEach(l -> loc.add(l.asText()));
            out.add(String.join(".", loc));
        }
        return out;
    }

    @Test
    void overridesWithinBoundsStartTheRun() {
        TestServer.Response r = run(
                Map.of("memory", "8G", "time", "1:00:00", "cpus", 4, "extras", Map.of("2", "g2|g3")),
                Map.of("motion", Map.of("gpus", 1, "partition", "gpu")));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    @Test
    void everyOverrideOutOfBoundsIsRefusedWithItsFieldNamed() {
        TestServer.Response r = run(
                Map.of("memory", "lots", "cpus", 0, "partition", "gpu\n#SBATCH --uid=0", "colour", "blue"),
                Map.of("motion", Map.of("time", "soon", "extras", Map.of("9", "x")), "ghost", Map.of("cpus", 1)));

        assertThat(r.status()).as(r.body()).isEqualTo(422);
        assertThat(r.contentType()).contains("application/problem+json");
        assertThat(locations(r))
                .containsExactlyInAnyOrder(
                        "body.resources.colour",
                        "body.resources.memory",
                        "body.resources.cpus",
                        "body.resources.partition",
                        "body.job_resources.motion.time",
                        "body.job_resources.motion.extras.9",
                        "body.job_resources.ghost");
        assertThat(r.body()).contains("a size such as 4000M or 64G, got 'lots'");
    }

    @Test
    void aWrongTypeIsRefusedNotTakenAsDefault() {
        TestServer.Response r = run(Map.of("cpus", "four"), "not an object");
        assertThat(r.status()).as(r.body()).isEqualTo(422);
        assertThat(locations(r)).containsExactlyInAnyOrder("body.resources.cpus", "body.job_resources");
    }
}
