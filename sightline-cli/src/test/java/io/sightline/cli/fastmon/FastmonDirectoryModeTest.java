package io.sightline.cli.fastmon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.fastmon.FastmonAgent;
import io.sightline.fastmon.FastmonConfig;
import io.sightline.fastmon.StfReaders;
import io.sightline.server.testing.BothDatabases;
import io.sightline.server.testing.TestDatabase;
import io.sightline.server.testing.TestServer;
import io.sightline.simulate.daq.DaqSimulator;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.zip.Adler32;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Directory mode: settled {@code *.stf} files are registered with their checksums and run number from the
 * name; samples of a readable format carry the checksum of their own bytes; a file the agent cannot use
 * does not block the others; what was handed over is remembered for the next start.
 */
class FastmonDirectoryModeTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void settledFilesAreRegisteredWithChecksumsAndSamplesOfTheirOwnBytes(TestDatabase db) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("daq"));
        new DaqSimulator(
                        new DaqSimulator.Settings(77, 1, 3, Duration.ZERO, 100, dir, 10_000, 1, null, null),
                        json -> {},
                        d -> {},
                        Clock.systemUTC())
                .run();
        Files.write(dir.resolve("noise.stf"), new byte[] {1, 2, 3}); // no run number in the name
        Files.write(dir.resolve("run_78_unknown.stf"), new byte[5000]); // a format no reader knows
        try (TestServer server = TestServer.start(db)) {
            FastmonConfig config = FastmonConfig.directory(
                            URI.create("http://127.0.0.1:" + server.port()), null, dir, tmp.resolve("state"))
                    .with(new FastmonConfig.Timings(
                            Duration.ofMillis(200),
                            Duration.ofSeconds(60),
                            Duration.ofMillis(100),
                            Duration.ofMillis(500)));
            try (FastmonAgent agent = new FastmonAgent(config, StfReaders.standard()).start()) {
                await().atMost(Duration.ofSeconds(30)).until(() -> agent.stats().stfsRegistered() == 4);
            }
            JsonNode stfs = server.get("/api/stf-files/?run_number=77").json();
            assertThat(stfs).hasSize(3);
            JsonNode first = stfs.get(0);
            Path file = dir.resolve(first.get("stf_filename").asText());
            Adler32 adler = new Adler32();
            adler.update(Files.readAllBytes(file));
            assertThat(first.get("checksum").asText()).isEqualTo("ad:" + adler.getValue());
            assertThat(first.get("tf_count").asInt()).isEqualTo(100);
            assertThat(first.get("metadata").get("md5").asText()).hasSize(32);
            JsonNode samples = server.get("/api/fastmon-files/?stf_filename="
                            + first.get("stf_filename").asText())
                    .json();
            assertThat(samples).hasSize(7);
            for (JsonNode s : samples) {
                assertThat(s.get("checksum").asText()).startsWith("ad:");
                assertThat(s.get("tf_last").asInt()).isLessThan(100);
            }
            JsonNode unknown = server.get("/api/stf-files/?run_number=78").json();
            assertThat(unknown).hasSize(1);
            assertThat(unknown.get(0).get("tf_count").asInt()).isEqualTo(1000);
            assertThat(unknown.get(0).get("metadata").get("tf_count_assumed").asBoolean())
                    .isTrue();

            // what a restart skips: every file handed over, the unusable one included (reported once)
            assertThat(Files.readAllLines(tmp.resolve("state").resolve("seen-stf.txt")))
                    .containsExactlyInAnyOrder(
                            "noise.stf",
                            "run_78_unknown.stf",
                            DaqSimulator.stfName(77, 1),
                            DaqSimulator.stfName(77, 2),
                            DaqSimulator.stfName(77, 3));
            assertThat(server.get("/api/fastmon-files/?limit=1")
                            .json()
                            .get("count")
                            .asInt())
                    .isEqualTo(4 * 7);
        }
    }
}
