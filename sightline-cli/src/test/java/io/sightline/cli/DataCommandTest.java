package io.sightline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sightline.cli.support.ExitCode;
import io.sightline.core.image.Layout;
import io.sightline.core.image.PixelType;
import io.sightline.core.image.mrc.MrcWriter;
import io.sightline.server.testing.TestDatabase;
import io.sightline.server.testing.TestServer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sightline data put/get/ls} against a real server with a real storage root. */
class DataCommandTest {
    @TempDir
    Path tmp;

    private TestServer server;
    private Path root;
    private String url;

    @BeforeEach
    void start() throws Exception {
        root = Files.createDirectories(tmp.resolve("storage"));
        Path r = root;
        server = TestServer.start(
                TestDatabase.h2(), c -> c.withStorage(c.storage().withRoots(List.of(r))), b -> b);
        url = "http://127.0.0.1:" + server.port();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void putRegistersWithHeaderAndChecksumGetShowsAndDownloadsLsLists() throws Exception {
        Path atlas = root.resolve("atlas.mrc");
        MrcWriter.write(
                atlas,
                new MrcWriter.Spec(32, 16, 1, PixelType.UINT16, Layout.IMAGE, 1.0, ByteOrder.LITTLE_ENDIAN),
                z -> new float[32 * 16]);
        CommandRun put = CommandRun.of(
                "data",
                "put",
                atlas.toString(),
                "--session",
                "s1",
                "--kind",
                "atlas",
                "--uid",
                "atlas1",
                "--api-url",
                url);
        assertThat(put.exitCode()).as(put.err()).isEqualTo(ExitCode.OK);
        assertThat(put.out().strip()).isEqualTo("atlas1");

        Files.writeString(root.resolve("child.txt"), "notes");
        CommandRun child = CommandRun.of(
                "data",
                "put",
                root.resolve("child.txt").toString(),
                "--session",
                "s1",
                "--parent",
                "atlas1",
                "--api-url",
                url,
                "--json");
        assertThat(child.exitCode()).as(child.err()).isEqualTo(ExitCode.OK);
        JsonNode childJson = new ObjectMapper().readTree(child.out());
        assertThat(childJson.get("kind").asText()).isEqualTo("file");
        assertThat(childJson.get("parents").toString()).isEqualTo("[\"atlas1\"]");

        server.events()
                .await(
                        e -> e.type().equals("data_object.verified") && "atlas1".equals(e.entityUuid()),
                        Duration.ofSeconds(60));
        CommandRun got = CommandRun.of("data", "get", "atlas1", "--api-url", url);
        assertThat(got.out())
                .contains("shape:")
                .contains("[16,32]")
                .contains("uint16")
                .contains("verified");

        Path copy = tmp.resolve("copy.mrc");
        CommandRun download = CommandRun.of("data", "get", "atlas1", "-o", copy.toString(), "--api-url", url);
        assertThat(download.exitCode()).as(download.err()).isEqualTo(ExitCode.OK);
        assertThat(Files.readAllBytes(copy)).isEqualTo(Files.readAllBytes(atlas));

        CommandRun ls = CommandRun.of("data", "ls", "--session", "s1", "--api-url", url);
        assertThat(ls.out().lines()).hasSize(2);
        assertThat(ls.out()).contains("atlas1").contains("atlas");
        CommandRun lsJson = CommandRun.of("data", "ls", "--kind", "atlas", "--json", "--api-url", url);
        assertThat(new ObjectMapper().readTree(lsJson.out())).hasSize(1);
    }

    @Test
    void refusalsAndAnUnreachableServerHaveTheirExitCodes() throws Exception {
        Path outside = Files.writeString(tmp.resolve("outside.txt"), "x");
        CommandRun refused = CommandRun.of("data", "put", outside.toString(), "--session", "s1", "--api-url", url);
        assertThat(refused.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(refused.err()).contains("422").contains("outside.txt");

        CommandRun missing = CommandRun.of("data", "get", "nobody", "--api-url", url);
        assertThat(missing.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(missing.err()).contains("404");

        CommandRun noServer = CommandRun.of("data", "ls", "--api-url", "http://127.0.0.1:1");
        assertThat(noServer.exitCode()).isEqualTo(ExitCode.ENVIRONMENT);

        assertThat(CommandRun.of("data", "put", "--session", "s1").exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(CommandRun.of("data", "--help").out())
                .contains("put")
                .contains("get")
                .contains("ls");
    }
}
