package io.sightline.server.pipeline.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.pipeline.exec.Executor;
import io.sightline.pipeline.exec.ResourceProfile;
import io.sightline.pipeline.exec.container.ContainerWrapping;
import io.sightline.pipeline.exec.local.LocalExecutor;
import io.sightline.pipeline.exec.slurm.ProcessCommandRunner;
import io.sightline.pipeline.exec.slurm.SlurmExecutor;
import io.sightline.pipeline.exec.slurm.SubmitTemplate;
import io.sightline.server.data.StorageFixture;
import io.sightline.server.events.Event;
import io.sightline.server.pipeline.JobStatus;
import io.sightline.server.pipeline.PipelineJob;
import io.sightline.server.pipeline.PipelineRoutes;
import io.sightline.server.pipeline.PipelineRun;
import io.sightline.server.pipeline.PipelineSettings;
import io.sightline.server.pipeline.PipelineStore;
import io.sightline.server.testing.BothDatabases;
import io.sightline.server.testing.SlurmAvailability;
import io.sightline.server.testing.TestDatabase;
import io.sightline.server.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * A real run (local executor; the "tools" are shell scripts writing RELION-shaped STAR outputs, corrected
 * micrographs and power spectra) on a real server, H2 and PostgreSQL: the motion, CTF and picking results land on
 * the micrographs the server knows, matched across path forms, with one event per micrograph and stage; the
 * outputs become data objects with lineage; and a server restarted before it had stored a job's success reads the
 * output again and stores nothing twice.
 */
class PipelineResultsTest {
    private static final String K1 = "FoilHole_1_Data_2_3_20240101_120000";
    private static final String K2 = "FoilHole_1_Data_2_4_20240101_120100";
    private static final String K3 = "FoilHole_1_Data_2_5_20240101_120200";
    private static final String UNKNOWN = "FoilHole_9_Data_9_9_20240101_130000";
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final List<String> RESULT_EVENTS = List.of(
            "motion_correction.completed",
            "ctf_estimation.completed",
            "particle_picking.completed",
            "data_object.registered");

    @TempDir
    Path tmp;

    private Path root;
    private PipelineSettings settings;

    /** A tool that writes {@code star} as its output and copies the MRC template to each of {@code files}. */
    private Path tool(String name, String star, List<String> files) throws Exception {
        StringBuilder s = new StringBuilder("#!/bin/sh\nout=$1\np=$SIGHTLINE_PROJECT\n");
        s.append("echo run >> \"$p/count_$SIGHTLINE_JOB\"\n");
        for (String f : files) {
            s.append("mkdir -p \"$(dirname \"$p/").append(f).append("\")\"\n");
            s.append("cp '")
                    .append(root.resolve("template.mrc"))
                    .append("' \"$p/")
                    .append(f)
                    .append("\"\n");
        }
        s.append("cat > \"$out\" <<'STAR'\n").append(star).append("STAR\n");
        Path tool = tmp.resolve(name + ".sh");
        Files.writeString(tool, s.toString());
        return tool;
    }

    private void tools(Executor executor) throws Exception {
        root = Files.createDirectories(tmp.resolve("storage"));
        StorageFixture.mrc(root, "template.mrc", 8, 8, 1);
        Files.createDirectories(root.resolve("projects/p1/External/job004/Movies"));
        Files.writeString(root.resolve("projects/p1/External/job004/Movies/" + K1 + "_autopick.star"), coords(3));
        Files.writeString(root.resolve("projects/p1/External/job004/Movies/" + K2 + "_autopick.star"), coords(1));
        String movies = "External/job002/Movies/";
        StringBuilder motion = new StringBuilder(
                "\ndata_optics\n\nloop_\n_rlnOpticsGroupName #1\nopticsGroup1\n\ndata_micrographs\n\nloop_\n"
                        + "_rlnMicrographName #1\n_rlnOpticsGroup #2\n_rlnAccumMotionTotal #3\n");
        motion.append(movies).append(K1).append("_fractions.mrc 1 12.5\n");
        motion.append(movies).append(K2).append("_fractions.mrc 1 8.25\n");
        motion.append(movies).append(K3).append("_fractions.mrc 1 None\n");
        motion.append(movies).append(UNKNOWN).append("_fractions.mrc 1 3.0\n");
        StringBuilder ctf = new StringBuilder("\ndata_micrographs\n\nloop_\n_rlnCtfImage #1\n_rlnMicrographName #2\n"
                + "_rlnDefocusU #3\n_rlnDefocusV #4\n_rlnCtfAstigmatism #5\n_rlnDefocusAngle #6\n"
                + "_rlnCtfFigureOfMerit #7\n_rlnCtfMaxResolution #8\n");
        ctf.append("External/job003/Movies/")
                .append(K1)
                .append("_fractions.ctf:mrc ")
                .append(movies)
                .append(K1)
                .append("_fractions.mrc 10863.9 10575.0 288.9 -26.3 0.131 4.2\n");
        ctf.append("External/job003/Movies/")
                .append(K2)
                .append("_fractions.ctf:mrc ")
                .append(movies)
                .append(K2)
                .append("_fractions.mrc 20000.0 19000.0 1000.0 12.0 None 6.5\n");
        ctf.append("External/job003/Movies/")
                .append(K3)
                .append("_fractions.ctf:mrc ")
                .append(movies)
                .append(K3)
                .append("_fractions.mrc 15000.0 14900.0 100.0 45.0 0.2 3.1\n");
        String pick = "\ndata_coordinate_files\n\nloop_\n_rlnMicrographName #1\n_rlnMicrographCoordinates #2\n"
                + movies + K1 + "_fractions.mrc External/job004/Movies/" + K1 + "_autopick.star\n"
                + movies + K2 + "_fractions.mrc External/job004/Movies/" + K2 + "_autopick.star\n";
        List<String> corrected = new ArrayList<>();
        List<String> spectra = new ArrayList<>();
        for (String k : List.of(K1, K2, K3, UNKNOWN)) {
            corrected.add(movies + k + "_fractions.mrc");
            spectra.add("External/job003/Movies/" + k + "_fractions.ctf");
        }
        spectra.removeLast();
        settings = new PipelineSettings(
                executor,
                Map.of(
                        "spa.import",
                        List.of(
                                "/bin/sh",
                                tool("import", "data_movies\n", List.of()).toString(),
                                "movies.star"),
                        "spa.motioncorr",
                        List.of(
                                "/bin/sh",
                                tool("motion", motion.toString(), corrected).toString(),
                                "corrected_micrographs.star"),
                        "spa.ctf",
                        List.of("/bin/sh", tool("ctf", ctf.toString(), spectra).toString(), "micrographs_ctf.star"),
                        "spa.autopick",
                        List.of("/bin/sh", tool("pick", pick, List.of()).toString(), "autopick.star")),
                List.of(),
                Duration.ofMillis(50));
    }

    private static String coords(int rows) {
        StringBuilder s = new StringBuilder("\ndata_\n\nloop_\n_rlnCoordinateX #1\n_rlnCoordinateY #2\n");
        for (int i = 0; i < rows; i++) {
            s.append(i).append(' ').append(i).append('\n');
        }
        return s.toString();
    }

    private TestServer server(TestDatabase db) {
        return TestServer.startSharing(
                db, c -> c.withStorage(c.storage().withRoots(List.of(root))), b -> b.pipelines(settings));
    }

    /** acquisition → grid → square → hole → three micrographs, named as EPU names them, in three path forms. */
    private static Map<String, String> seed(TestServer server, String acquisition) {
        String grid = UUID.randomUUID().toString();
        String square = UUID.randomUUID().toString();
        String hole = UUID.randomUUID().toString();
        ok(server.post("/acquisitions", Map.of("uuid", acquisition, "name", "session", "status", "started")));
        ok(server.post(
                "/acquisitions/" + acquisition + "/grids",
                Map.of("uuid", grid, "name", "Grid_1", "acquisition_uuid", acquisition)));
        ok(server.post(
                "/grids/" + grid + "/gridsquares", Map.of("uuid", square, "gridsquare_id", "1001", "grid_uuid", grid)));
        ok(server.post(
                "/gridsquares/" + square + "/foilholes",
                List.of(Map.of("uuid", hole, "foilhole_id", "1", "gridsquare_id", "1001", "gridsquare_uuid", square))));
        Map<String, String> micrographs = new LinkedHashMap<>();
        micrographs.put(
                K1,
                micrograph(
                        server, hole, "3", "manifest_file", "Z:\\Images-Disc1\\GridSquare_1001\\Data\\" + K1 + ".xml"));
        micrographs.put(
                K2,
                micrograph(
                        server,
                        hole,
                        "4",
                        "manifest_file",
                        "/mnt/epu/Images-Disc1/GridSquare_1001/Data/" + K2 + ".xml"));
        micrographs.put(
                K3, micrograph(server, hole, "5", "high_res_path", "Z:\\DoseFractions\\" + K3 + "_Fractions.tiff"));
        return micrographs;
    }

    private static String micrograph(TestServer server, String hole, String id, String field, String path) {
        String uuid = UUID.randomUUID().toString();
        ok(server.post(
                "/foilholes/" + hole + "/micrographs",
                Map.of(
                        "uuid",
                        uuid,
                        "foilhole_uuid",
                        hole,
                        "foilhole_id",
                        "1",
                        "micrograph_id",
                        "Data_" + id,
                        field,
                        path)));
        return uuid;
    }

    private static void ok(TestServer.Response r) {
        assertThat(r.status()).as(r.body()).isIn(200, 201);
    }

    private static long count(List<Event> events, String type) {
        return events.stream().filter(e -> e.type().equals(type)).count();
    }

    private static JsonNode objects(TestServer server, String kind) {
        return server.get("/api/v1/data-objects?kind=" + kind).json();
    }

    private static JsonNode withEntity(JsonNode list, String entity) {
        for (JsonNode o : list) {
            if (o.path("entity_uuid").asText().equals(entity)) {
                return o;
            }
        }
        throw new AssertionError("no object of " + entity + " in " + list);
    }

    /** Starts the four-job run over HTTP and waits until it ended; it must have succeeded. */
    private static String runToTheEnd(TestServer server) {
        TestServer.Response created = server.post(
                PipelineRoutes.PATH + "/runs",
                Map.of(
                        "pipeline",
                        Map.of(
                                "name",
                                "pre",
                                "jobs",
                                List.of(
                                        Map.of("name", "import", "type", "spa.import"),
                                        Map.of("name", "motion", "type", "spa.motioncorr"),
                                        Map.of("name", "ctf", "type", "spa.ctf"),
                                        Map.of("name", "pick", "type", "spa.autopick"))),
                        "project",
                        "projects/p1",
                        "acquisition",
                        Map.of("pixel_size", 0.83)));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String runId = created.json().path("id").asText();
        await().atMost(DEADLINE)
                .until(
                        () -> server.get(PipelineRoutes.PATH + "/runs/" + runId)
                                .json()
                                .path("status")
                                .asText(),
                        s -> !s.equals("running"));
        JsonNode run = server.get(PipelineRoutes.PATH + "/runs/" + runId).json();
        assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("succeeded");
        return runId;
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void resultsOfARealRunLandOnTheMicrographsWithEventsAndOutputsAndARestartStoresNothingTwice(TestDatabase db)
            throws Exception {
        tools(new LocalExecutor());
        String acquisition = UUID.randomUUID().toString();
        String runId;
        String movie = "movie-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> m;
        try (TestServer server = server(db)) {
            m = seed(server, acquisition);
            Path movieFile = StorageFixture.mrc(root, "DoseFractions/" + K1 + "_fractions.mrc", 8, 8, 2);
            ok(server.post(
                    "/api/v1/data-objects",
                    Map.of(
                            "uid",
                            movie,
                            "path",
                            movieFile.toString(),
                            "kind",
                            "movie",
                            "session",
                            acquisition,
                            "entity_uuid",
                            m.get(K1))));
            runId = runToTheEnd(server);

            JsonNode m1 = server.get("/micrographs/" + m.get(K1)).json();
            assertThat(m1.path("total_motion").asDouble()).isEqualTo(12.5);
            assertThat(m1.path("ctf_max_resolution_estimate").asDouble()).isEqualTo(4.2);
            JsonNode ctf1 =
                    server.get("/api/v1/micrographs/" + m.get(K1) + "/ctf").json();
            assertThat(ctf1.path("defocus_u").asDouble()).isEqualTo(10863.9);
            assertThat(ctf1.path("defocus_v").asDouble()).isEqualTo(10575.0);
            assertThat(ctf1.path("astigmatism").asDouble()).isEqualTo(288.9);
            assertThat(ctf1.path("defocus_angle").asDouble()).isEqualTo(-26.3);
            assertThat(ctf1.path("figure_of_merit").asDouble()).isEqualTo(0.131);
            assertThat(ctf1.path("max_resolution").asDouble()).isEqualTo(4.2);
            assertThat(ctf1.path("run_id").asText()).isEqualTo(runId);
            assertThat(ctf1.path("job").asText()).isEqualTo("ctf");
            assertThat(server.get("/micrographs/" + m.get(K1)).json().has("ctf_defocus_u"))
                    .as("SmartEM's micrograph keeps its shape")
                    .isFalse();
            assertThat(m1.path("number_of_particles_picked").asLong()).isEqualTo(3);
            assertThat(m1.path("status").asText()).isEqualTo("particle picking completed");
            JsonNode m2 = server.get("/micrographs/" + m.get(K2)).json();
            assertThat(m2.path("total_motion").asDouble()).isEqualTo(8.25);
            assertThat(server.get("/api/v1/micrographs/" + m.get(K2) + "/ctf")
                            .json()
                            .path("figure_of_merit")
                            .isNull())
                    .as("None in the STAR")
                    .isTrue();
            assertThat(server.get("/api/v1/micrographs/" + UUID.randomUUID() + "/ctf")
                            .status())
                    .isEqualTo(404);
            assertThat(m2.path("number_of_particles_picked").asLong()).isEqualTo(1);
            JsonNode m3 = server.get("/micrographs/" + m.get(K3)).json();
            assertThat(m3.path("total_motion").isNull()).isTrue();
            assertThat(m3.path("ctf_max_resolution_estimate").asDouble()).isEqualTo(3.1);
            assertThat(m3.path("status").asText()).as("no picks for it").isEqualTo("ctf completed");
            // the dashboard's CSV reads the same columns
            String csv = server.get("/ui/acquisitions/" + acquisition + "/micrographs.csv")
                    .body();
            assertThat(csv).contains("4.2", "12.5");

            List<Event> events = server.events().events();
            assertThat(count(events, "motion_correction.completed")).isEqualTo(3);
            assertThat(count(events, "ctf_estimation.completed")).isEqualTo(3);
            assertThat(count(events, "particle_picking.completed")).isEqualTo(2);
            assertThat(events.stream().filter(e -> e.type().equals("ctf_estimation.completed")))
                    .allSatisfy(e -> assertThat(e.acquisitionUuid()).isEqualTo(acquisition));
            assertThat(events.stream().map(Event::id).distinct().count()).isEqualTo(events.size());

            JsonNode corrected = objects(server, PipelineOutput.CORRECTED_MICROGRAPH);
            assertThat(corrected.size())
                    .as("the unknown micrograph's output is not registered")
                    .isEqualTo(3);
            JsonNode c1 = withEntity(corrected, m.get(K1));
            assertThat(c1.path("session").asText()).isEqualTo(acquisition);
            assertThat(c1.path("parents").get(0).asText())
                    .as("made from the movie")
                    .isEqualTo(movie);
            assertThat(c1.path("shape").toString()).isEqualTo("[8,8]");
            JsonNode spectra = objects(server, PipelineOutput.CTF_POWER_SPECTRUM);
            assertThat(spectra.size()).isEqualTo(3);
            JsonNode s1 = withEntity(spectra, m.get(K1));
            JsonNode lineage = server.get(
                            "/api/v1/data-objects/" + s1.path("uid").asText() + "/lineage")
                    .json();
            assertThat(lineage.findValuesAsText("uid"))
                    .containsExactly(c1.path("uid").asText(), movie);
        }

        // As if the server had died after reading the CTF job's results but before storing its success.
        PipelineStore store = new PipelineStore(db.open());
        PipelineRun run = store.run(runId).orElseThrow();
        PipelineJob ctf = store.jobs(runId).stream()
                .filter(j -> j.name().equals("ctf"))
                .findFirst()
                .orElseThrow();
        store.update(ctf.with(JobStatus.SUBMITTED, null, Instant.now()));
        store.update(run.restart());
        try (TestServer again = server(db)) {
            await().atMost(DEADLINE)
                    .until(() -> store.run(runId).orElseThrow().status().finished());
            assertThat(store.run(runId).orElseThrow().status().name()).isEqualTo("SUCCEEDED");
            assertThat(again.events().events())
                    .extracting(Event::type)
                    .doesNotContainAnyElementsOf(RESULT_EVENTS)
                    .doesNotContain("micrograph.updated");
            assertThat(objects(again, PipelineOutput.CTF_POWER_SPECTRUM).size()).isEqualTo(3);
            JsonNode ctf1 =
                    again.get("/api/v1/micrographs/" + m.get(K1) + "/ctf").json();
            assertThat(ctf1.path("defocus_u").asDouble()).isEqualTo(10863.9);
            assertThat(ctf1.path("run_id").asText()).isEqualTo(runId);
            assertThat(Files.readAllLines(root.resolve("projects/p1/count_ctf")))
                    .hasSize(1);
        }
    }

    @Test
    void onTheRealSlurmClusterTheResultsLandOnTheMicrographsToo() throws Exception {
        String reason = SlurmAvailability.unavailableReason();
        Assumptions.assumeTrue(reason == null, () -> "SLURM test skipped: " + reason);
        tools(new SlurmExecutor(
                new ProcessCommandRunner(),
                SubmitTemplate.standard(),
                new ResourceProfile(null, 1, 1, 1, null, "100M", "00:10:00", Map.of()),
                ContainerWrapping.cryoBoostDefaults(),
                Duration.ofSeconds(60)));
        try (TestDatabase db = TestDatabase.h2();
                TestServer server = server(db)) {
            String acquisition = UUID.randomUUID().toString();
            Map<String, String> m = seed(server, acquisition);

            String runId = runToTheEnd(server);

            assertThat(server.get(PipelineRoutes.PATH + "/runs/" + runId).json().findValuesAsText("executor"))
                    .containsOnly("slurm");
            JsonNode m1 = server.get("/micrographs/" + m.get(K1)).json();
            assertThat(m1.path("total_motion").asDouble()).isEqualTo(12.5);
            assertThat(m1.path("ctf_max_resolution_estimate").asDouble()).isEqualTo(4.2);
            assertThat(m1.path("number_of_particles_picked").asLong()).isEqualTo(3);
            assertThat(server.get("/api/v1/micrographs/" + m.get(K3) + "/ctf")
                            .json()
                            .path("defocus_u")
                            .asDouble())
                    .isEqualTo(15000.0);
            List<Event> events = server.events().events();
            assertThat(count(events, "motion_correction.completed")).isEqualTo(3);
            assertThat(count(events, "ctf_estimation.completed")).isEqualTo(3);
            assertThat(count(events, "particle_picking.completed")).isEqualTo(2);
            assertThat(objects(server, PipelineOutput.CORRECTED_MICROGRAPH).size())
                    .isEqualTo(3);
            assertThat(objects(server, PipelineOutput.CTF_POWER_SPECTRUM).size())
                    .isEqualTo(3);
        }
    }
}
