package io.sightline.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sightline.server.testing.SseRecorder;
import io.sightline.server.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a page's one event stream ({@code /ui/events}) carries: an instruction's lifecycle as
 * {@code instruction.updated} events of its acquisition, new grid squares, and a resume by
 * {@code Last-Event-ID} that replays what a page missed while its stream was down.
 */
class DashboardLiveTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String acquisition() {
        String acq = UUID.randomUUID().toString();
        assertThat(server.post("/acquisitions", Map.of("uuid", acq, "name", "live"))
                        .status())
                .isEqualTo(201);
        return acq;
    }

    private static List<JsonNode> instructionEvents(SseRecorder stream, String instructionId) {
        return stream.events().stream()
                .filter(m -> "instruction.updated".equals(m.event()))
                .map(m -> read(m.data()))
                .filter(p -> instructionId.equals(p.get("instruction_id").asText()))
                .toList();
    }

    private static JsonNode read(String data) {
        try {
            return JSON.readTree(data);
        } catch (java.io.IOException e) {
            throw new AssertionError(data, e);
        }
    }

    @Test
    void anInstructionsLifecycleReachesItsAcquisitionsPageStream() throws Exception {
        String acq = acquisition();
        String session = server.post("/agent/krios-live/sessions", Map.of("name", "run", "acquisition_uuid", acq))
                .json()
                .get("session_id")
                .asText();
        String other = acquisition(); // a page of another acquisition must not hear of it
        try (SseRecorder page = SseRecorder.open(server.uri("/ui/events?acquisition=" + acq));
                SseRecorder otherPage = SseRecorder.open(server.uri("/ui/events?acquisition=" + other))) {
            assertThat(page.status()).isEqualTo(200);
            String base = "/agent/krios-live/session/" + session;
            TestServer.Response created = server.post(
                    base + "/instructions",
                    Map.of(
                            "instruction_type",
                            "microscope.control.skip_gridsquares",
                            "payload",
                            Map.of("gridsquare_ids", List.of(5))));
            assertThat(created.status()).isEqualTo(201);
            String id = created.json().get("instruction_id").asText();
            // the agent's own stream delivers it: pending becomes sent
            try (SseRecorder agent = SseRecorder.open(server.uri(base + "/instructions/stream"))) {
                await().atMost(WAIT)
                        .until(() -> agent.events().stream().anyMatch(m -> "instruction".equals(m.event())));
            }
            assertThat(server.post(base + "/instructions/" + id + "/ack", "{\"status\":\"received\"}")
                            .status())
                    .isLessThan(300);
            assertThat(server.post(
                                    base + "/instructions/" + id + "/ack",
                                    "{\"status\":\"declined\",\"error_message\":\"no Athena configured\"}")
                            .status())
                    .isLessThan(300);

            await().atMost(WAIT).until(() -> instructionEvents(page, id).size() >= 4);
            List<JsonNode> seen = instructionEvents(page, id);
            assertThat(seen)
                    .extracting(p -> p.get("status").asText())
                    .containsExactly("pending", "sent", "received", "acknowledged");
            assertThat(seen.get(3).get("ack_status").asText()).isEqualTo("declined");
            assertThat(seen.get(3).get("error_message").asText()).isEqualTo("no Athena configured");
            assertThat(seen.get(0).get("acquisition_uuid").asText()).isEqualTo(acq);
            assertThat(instructionEvents(otherPage, id)).isEmpty();
        }
    }

    @Test
    void aPageStreamResumedByLastEventIdGetsWhatItMissed() throws Exception {
        String acq = acquisition();
        String grid = UUID.randomUUID().toString();
        assertThat(server.post(
                                "/acquisitions/" + acq + "/grids",
                                Map.of("uuid", grid, "name", "G", "acquisition_uuid", acq))
                        .status())
                .isEqualTo(201);
        String lastSeen;
        try (SseRecorder page = SseRecorder.open(server.uri("/ui/events?acquisition=" + acq))) {
            postSquare(grid, "1");
            await().atMost(WAIT).until(() -> squaresCreated(page).size() == 1);
            lastSeen = page.events().getLast().id();
        }
        // while the page's stream is down, two more squares arrive
        postSquare(grid, "2");
        postSquare(grid, "3");
        try (SseRecorder resumed =
                SseRecorder.open(server.uri("/ui/events?acquisition=" + acq), Map.of("Last-Event-ID", lastSeen))) {
            await().atMost(WAIT).until(() -> squaresCreated(resumed).size() == 2);
            assertThat(squaresCreated(resumed))
                    .extracting(p -> p.get("gridsquare_id").asText())
                    .containsExactly("2", "3");
        }
        assertThat(new WebClient(server.uri("/"))
                        .page("/ui/acquisitions/" + acq)
                        .selectFirst("[data-testid=count-squares]")
                        .text())
                .isEqualTo("3");
    }

    private static void postSquare(String grid, String id) {
        assertThat(server.post(
                                "/grids/" + grid + "/gridsquares",
                                Map.of(
                                        "uuid",
                                        UUID.randomUUID().toString(),
                                        "gridsquare_id",
                                        id,
                                        "grid_uuid",
                                        grid,
                                        "center_x",
                                        10,
                                        "center_y",
                                        10,
                                        "size_width",
                                        4,
                                        "size_height",
                                        4))
                        .status())
                .isEqualTo(201);
    }

    private static List<JsonNode> squaresCreated(SseRecorder stream) {
        return stream.events().stream()
                .filter(m -> "gridsquare.created".equals(m.event()))
                .map(m -> read(m.data()))
                .toList();
    }
}
