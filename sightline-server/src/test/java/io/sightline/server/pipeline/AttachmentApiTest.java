package io.sightline.server.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sightline.pipeline.exec.local.LocalExecutor;
import io.sightline.server.auth.Role;
import io.sightline.server.auth.TokenStore;
import io.sightline.server.data.StorageSettings;
import io.sightline.server.events.Event;
import io.sightline.server.events.EventFilter;
import io.sightline.server.events.EventLog;
import io.sightline.server.testing.AttachedPipeline;
import io.sightline.server.testing.BothDatabases;
import io.sightline.server.testing.MicrographFixture;
import io.sightline.server.testing.TestDatabase;
import io.sightline.server.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Pipelines attached to acquisitions ({@code /api/v1/pipeline/attachments}) on a real server, on H2 and
 * PostgreSQL: micrographs created through the API are taken from the event stream, cut into batches, and each
 * batch runs as a pipeline run (local executor) whose import tool logs every file its glob matches into
 * {@code seen.txt}: so the test sees which micrographs each batch processed, and how often.
 */
class AttachmentApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private TestServer server;
    private Path root;
    private Path storage;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void start(TestDatabase db) throws IOException {
        start(db, false);
    }

    private void start(TestDatabase db, boolean requireAuth) throws IOException {
        root = Files.createDirectories(tmp.resolve("projects"));
        storage = Files.createDirectories(tmp.resolve("storage"));
        PipelineSettings settings = new PipelineSettings(
                new LocalExecutor(), AttachedPipeline.programs(tmp), List.of(root), Duration.ofMillis(50));
        server = TestServer.start(
                db,
                c -> c.withStorage(StorageSettings.DEFAULT.withRoots(List.of(storage)))
                        .withRequireAuth(requireAuth),
                b -> b.pipelines(settings));
    }

    private static Map<String, Object> attachment(String acquisition, String project, int batchSize, double maxWait) {
        return AttachedPipeline.request(acquisition, project, batchSize, maxWait);
    }

    private List<String> seen(String project) throws IOException {
        return AttachedPipeline.seen(root.resolve(project));
    }

    private static List<String> files(List<String> seen) {
        return AttachedPipeline.files(seen);
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void everyNewMicrographIsProcessedOnceInBatches(TestDatabase db) throws Exception {
        start(db);
        MicrographFixture a = MicrographFixture.create(server, storage);
        MicrographFixture other = MicrographFixture.create(server, storage);
        String before = a.micrograph(0); // before attaching: not taken
        TestServer.Response attached = server.post(AttachmentRoutes.PATH, attachment(a.acquisition(), "live", 3, 1.0));
        assertThat(attached.status()).as(attached.body()).isEqualTo(201);
        String id = attached.json().path("id").asText();

        List<String> expected = new ArrayList<>();
        for (int n = 1; n <= 7; n++) {
            expected.add(a.micrograph(n));
            other.micrograph(100 + n); // another acquisition's: never taken
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> seen("live").size() >= 7 && batchesFinished(id, 3));
        List<String> seen = seen("live");
        assertThat(files(seen)).containsExactlyInAnyOrderElementsOf(expected).doesNotContain(before);
        JsonNode detail = server.get(AttachmentRoutes.PATH + "/" + id).json();
        assertThat(detail.path("taken").asInt()).isEqualTo(7);
        assertThat(detail.path("waiting").asInt()).isZero();
        assertThat(detail.path("batch_runs").findValuesAsText("size")).containsExactly("3", "3", "1");
        // each batch's run saw exactly its own micrographs
        for (JsonNode b : detail.path("batch_runs")) {
            String run = b.path("run_id").asText();
            assertThat(seen.stream().filter(l -> l.startsWith(run + " ")).count())
                    .isEqualTo(b.path("size").asLong());
            JsonNode r = server.get(PipelineRoutes.PATH + "/runs/" + run).json();
            assertThat(r.path("name").asText())
                    .isEqualTo("mini-batch-" + b.path("number").asInt());
        }
        // each batch published its start and its run's end, under the acquisition
        List<JsonNode> started = pipelineEvents(db, a.acquisition(), PublishedPipelineEvents.BATCH_STARTED);
        assertThat(started).extracting(e -> e.path("batch").asInt()).containsExactly(1, 2, 3);
        assertThat(started).extracting(e -> e.path("micrographs").asInt()).containsExactly(3, 3, 1);
        assertThat(started)
                .allSatisfy(e -> assertThat(e.path("attachment_id").asText()).isEqualTo(id));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> pipelineEvents(db, a.acquisition(), PublishedPipelineEvents.RUN_FINISHED)
                                .size()
                        == 3);
        List<JsonNode> finished = pipelineEvents(db, a.acquisition(), PublishedPipelineEvents.RUN_FINISHED);
        assertThat(finished).extracting(e -> e.path("status").asText()).containsOnly("succeeded");
        assertThat(finished)
                .extracting(e -> e.path("run_id").asText())
                .containsExactlyInAnyOrderElementsOf(
                        started.stream().map(e -> e.path("run_id").asText()).toList());
        assertThat(Files.readString(root.resolve("live/Movies/batch_0003.tsv")))
                .contains("Data_7")
                .contains(expected.get(6));

        // on demand: an attachment that includes what the acquisition has takes every micrograph, once
        Map<String, Object> all = attachment(a.acquisition(), "all", 100, 86_400);
        all.put("include_existing", true);
        String everything =
                server.post(AttachmentRoutes.PATH, all).json().path("id").asText();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> server.get(AttachmentRoutes.PATH + "/" + everything)
                                .json()
                                .path("waiting")
                                .asInt()
                        == 8);
        server.post(AttachmentRoutes.PATH + "/" + everything + "/flush", Map.of());
        await().atMost(Duration.ofSeconds(60)).until(() -> batchesFinished(everything, 1));
        List<String> withBefore = new ArrayList<>(expected);
        withBefore.add(before);
        assertThat(files(seen("all"))).containsExactlyInAnyOrderElementsOf(withBefore);
    }

    /** The payloads of the acquisition's events of {@code type}, oldest first, read from the event log. */
    private static List<JsonNode> pipelineEvents(TestDatabase db, String acquisition, String type) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (Event e : new EventLog(db.open().dataSource()).after(0, EventFilter.of(acquisition, type), 1000)) {
            out.add(JSON.readTree(e.payloadJson()));
        }
        return out;
    }

    private boolean batchesFinished(String id, int count) {
        JsonNode runs = server.get(AttachmentRoutes.PATH + "/" + id).json().path("batch_runs");
        return runs.size() == count
                && runs.findValuesAsText("run_status").stream().allMatch("succeeded"::equals);
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void aFlushProcessesWhatWaitsAndADetachedAttachmentTakesNothingMore(TestDatabase db) throws Exception {
        start(db);
        MicrographFixture a = MicrographFixture.create(server, storage);
        String id = server.post(AttachmentRoutes.PATH, attachment(a.acquisition(), "flushed", 100, 86_400))
                .json()
                .path("id")
                .asText();
        List<String> expected = List.of(a.micrograph(1), a.micrograph(2));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> server.get(AttachmentRoutes.PATH + "/" + id)
                                .json()
                                .path("waiting")
                                .asInt()
                        == 2);

        TestServer.Response flushed = server.post(AttachmentRoutes.PATH + "/" + id + "/flush", Map.of());
        assertThat(flushed.status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60)).until(() -> batchesFinished(id, 1));
        assertThat(files(seen("flushed"))).containsExactlyInAnyOrderElementsOf(expected);

        TestServer.Response detached = server.delete(AttachmentRoutes.PATH + "/" + id);
        assertThat(detached.status()).isEqualTo(200);
        assertThat(detached.json().path("status").asText()).isEqualTo("detached");
        a.micrograph(3);
        assertThat(server.post(AttachmentRoutes.PATH + "/" + id + "/flush", Map.of())
                        .status())
                .isEqualTo(409);
        // a second attachment to the same acquisition sees the new micrograph: the first one, detached, does not
        String second = server.post(AttachmentRoutes.PATH, attachment(a.acquisition(), "second", 1, 1))
                .json()
                .path("id")
                .asText();
        a.micrograph(4);
        await().atMost(Duration.ofSeconds(60)).until(() -> batchesFinished(second, 1));
        assertThat(server.get(AttachmentRoutes.PATH + "/" + id)
                        .json()
                        .path("taken")
                        .asInt())
                .isEqualTo(2);
        assertThat(server.get(AttachmentRoutes.PATH).json().findValuesAsText("id"))
                .containsExactly(second, id);
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void badAttachmentsAreRefusedNamingTheField(TestDatabase db) throws Exception {
        start(db);
        String acq = MicrographFixture.create(server, storage).acquisition();
        assertRefused(attachment(acq, "p", 0, 1), "batch_size");
        Map<String, Object> notBoolean = attachment(acq, "p", 1, 1);
        notBoolean.put("include_existing", "yes");
        assertRefused(notBoolean, "include_existing");
        assertRefused(attachment(acq, "p", 1, 0), "max_wait_seconds");
        assertRefused(attachment(UUID.randomUUID().toString(), "p", 1, 1), "acquisition_uuid");
        assertRefused(attachment(acq, "../../elsewhere", 1, 1), null);
        Map<String, Object> tomo = attachment(acq, "p", 1, 1);
        tomo.remove("pipeline");
        tomo.put("template", "tomo-preprocessing");
        assertRefused(tomo, "jobs");
        Map<String, Object> outOfBounds = attachment(acq, "p", 1, 1);
        outOfBounds.put("acquisition", Map.of("pixel_size", -1));
        assertRefused(outOfBounds, "import");
        assertThat(server.get(AttachmentRoutes.PATH + "/nothing").status()).isEqualTo(404);
        assertThat(server.get(AttachmentRoutes.PATH).json().size()).isZero();
    }

    @org.junit.jupiter.api.Test
    void viewersReadAttachmentsAndOnlyTheSteeringRoleAttachesFlushesAndDetaches() throws Exception {
        TestDatabase db = TestDatabase.h2();
        TokenStore tokens = new TokenStore(db.dataSource());
        String viewer = tokens.create("dashboard", Role.VIEWER).secret();
        String agent = tokens.create("krios-1", Role.AGENT).secret();
        String steering = tokens.create("processing", Role.STEERING).secret();
        start(db, true);
        MicrographFixture a = MicrographFixture.through(
                (path, body) ->
                        assertThat(server.postAs(agent, path, body).status()).isIn(200, 201),
                storage);
        Map<String, Object> body = attachment(a.acquisition(), "roles", 2, 1);
        assertThat(server.postAs(null, AttachmentRoutes.PATH, body).status()).isEqualTo(401);
        assertThat(server.postAs(viewer, AttachmentRoutes.PATH, body).status()).isEqualTo(403);
        assertThat(server.postAs(agent, AttachmentRoutes.PATH, body).status()).isEqualTo(403);
        TestServer.Response made = server.postAs(steering, AttachmentRoutes.PATH, body);
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        String id = made.json().path("id").asText();
        assertThat(server.getAs(viewer, AttachmentRoutes.PATH + "/" + id).status())
                .isEqualTo(200);
        assertThat(server.postAs(viewer, AttachmentRoutes.PATH + "/" + id + "/flush", Map.of())
                        .status())
                .isEqualTo(403);
        assertThat(server.deleteAs(viewer, AttachmentRoutes.PATH + "/" + id).status())
                .isEqualTo(403);
        assertThat(server.deleteAs(steering, AttachmentRoutes.PATH + "/" + id).status())
                .isEqualTo(200);
    }

    private void assertRefused(Map<String, Object> body, String field) {
        TestServer.Response r = server.post(AttachmentRoutes.PATH, body);
        assertThat(r.status()).as(r.body()).isEqualTo(422);
        assertThat(r.contentType()).startsWith("application/problem+json");
        if (field != null) {
            assertThat(r.body()).contains(field);
        }
    }
}
