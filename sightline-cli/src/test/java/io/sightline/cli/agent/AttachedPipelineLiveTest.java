package io.sightline.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.agent.AgentRunner;
import io.sightline.pipeline.exec.Executor;
import io.sightline.pipeline.exec.ResourceProfile;
import io.sightline.pipeline.exec.container.ContainerWrapping;
import io.sightline.pipeline.exec.local.LocalExecutor;
import io.sightline.pipeline.exec.slurm.CommandResult;
import io.sightline.pipeline.exec.slurm.ProcessCommandRunner;
import io.sightline.pipeline.exec.slurm.SlurmExecutor;
import io.sightline.pipeline.exec.slurm.SubmitTemplate;
import io.sightline.server.pipeline.AttachmentRoutes;
import io.sightline.server.pipeline.PipelineSettings;
import io.sightline.server.testing.AttachedPipeline;
import io.sightline.server.testing.TestDatabase;
import io.sightline.server.testing.TestServer;
import io.sightline.simulate.epu.EpuSimulation;
import io.sightline.simulate.epu.EpuSimulator;
import io.sightline.simulate.epu.SimulatedSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A run from a live simulated acquisition: the simulator writes an EPU session while the agent watches it and
 * delivers it to a real server (H2) with a pipeline attached to the acquisition; every micrograph is processed
 * exactly once, in batches of at most the size asked. On the local executor and on the real one-node SLURM
 * cluster ({@code .ci/slurm/start}; skipped, with the reason, only when {@code sinfo} does not answer). The
 * import "tool" ({@link AttachedPipeline}) logs the file each link of its batch points at into {@code seen.txt}.
 */
class AttachedPipelineLiveTest {
    private static final Duration DEADLINE = Duration.ofMinutes(4);
    private static final int BATCH = 5;

    @TempDir
    Path temp;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"local", "slurm"})
    void everyMicrographOfALiveAcquisitionIsProcessedOnceInBatches(String where) throws Exception {
        Executor executor = where.equals("local") ? new LocalExecutor() : slurm();
        Path visit = Files.createDirectories(temp.resolve("visit"));
        Path root = Files.createDirectories(temp.resolve("projects"));
        PipelineSettings settings =
                new PipelineSettings(executor, AttachedPipeline.programs(temp), List.of(root), Duration.ofMillis(250));
        EpuSimulation session = EpuSimulation.builder()
                .grids(1)
                .squares(6)
                .visitedSquares(2)
                .holesPerSquare(10)
                .acquiredHolesPerSquare(4)
                .micrographsPerHole(2)
                .atlasTiles(4)
                .rate(100)
                .order(EpuSimulation.Order.REALISTIC)
                .build();
        try (TestServer server = TestServer.start(
                        TestDatabase.h2(),
                        c -> c.withStorage(c.storage().withRoots(List.of(visit))),
                        b -> b.pipelines(settings));
                AgentRunner agent = new AgentRunner(
                                AgentEndToEndTest.config(visit, server.uri(""), temp.resolve("state")), l -> {})
                        .start()) {
            CompletableFuture<SimulatedSession> writing = CompletableFuture.supplyAsync(() -> {
                try {
                    return EpuSimulator.write(visit, session);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            // attached as soon as the acquisition exists, taking what arrived before too
            await().atMost(DEADLINE)
                    .until(() -> server.get("/acquisitions").json().size() == 1);
            String acquisition =
                    server.get("/acquisitions").json().get(0).path("uuid").asText();
            Map<String, Object> attach = AttachedPipeline.request(acquisition, "live", BATCH, 2);
            attach.put("include_existing", true);
            TestServer.Response attached = server.post(AttachmentRoutes.PATH, attach);
            assertThat(attached.status()).as(attached.body()).isEqualTo(201);
            String id = attached.json().path("id").asText();

            int micrographs = writing.get().entityCounts().get("micrographs");
            assertThat(micrographs).isGreaterThan(2 * BATCH);
            await().atMost(DEADLINE).pollInterval(Duration.ofMillis(500)).until(() -> {
                JsonNode a = server.get(AttachmentRoutes.PATH + "/" + id).json();
                return a.path("taken").asInt() == micrographs
                        && a.path("waiting").asInt() == 0
                        && a.path("batch_runs").findValuesAsText("run_status").stream()
                                .allMatch("succeeded"::equals);
            });

            JsonNode a = server.get(AttachmentRoutes.PATH + "/" + id).json();
            int total = 0;
            for (JsonNode b : a.path("batch_runs")) {
                assertThat(b.path("size").asInt()).isBetween(1, BATCH);
                total += b.path("size").asInt();
            }
            assertThat(total).isEqualTo(micrographs);
            List<String> seen = AttachedPipeline.files(AttachedPipeline.seen(root.resolve("live")));
            assertThat(seen).as("one line per micrograph").hasSize(micrographs);
            assertThat(new HashSet<>(seen)).as("no micrograph twice").hasSize(micrographs);
            assertThat(seen).allSatisfy(f -> assertThat(Path.of(f)).startsWith(visit.toRealPath()));
        }
    }

    /** The server's SLURM executor with small jobs, or the test skips with the reason the cluster gives. */
    private static Executor slurm() throws Exception {
        Optional<String> why = Optional.empty();
        try {
            CommandResult r =
                    new ProcessCommandRunner().run(List.of("sinfo", "-h", "-o", "%T"), Duration.ofSeconds(15));
            if (!r.ok() || r.stdout().isBlank()) {
                why = Optional.of("sinfo failed (" + r.stderr().strip() + "); run .ci/slurm/start");
            }
        } catch (Exception e) {
            why = Optional.of("SLURM is not installed here (" + e.getMessage() + "); run .ci/slurm/start");
        }
        String reason = why.orElse(null);
        Assumptions.assumeTrue(reason == null, () -> "SLURM test skipped: " + reason);
        ResourceProfile site = new ResourceProfile(null, 1, 1, 1, null, "100M", "00:10:00", Map.of());
        return new SlurmExecutor(
                new ProcessCommandRunner(),
                SubmitTemplate.standard(),
                site,
                ContainerWrapping.cryoBoostDefaults(),
                Duration.ofSeconds(60));
    }
}
