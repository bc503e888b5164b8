package io.sightline.simulate.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayVerificationTest {

    @TempDir
    Path tmp;

    private final SessionReplayer replayer = new SessionReplayer(d -> {}, ReplayListener.NONE);
    private Path recording;

    @BeforeEach
    void recordASessionWithAChunk() throws Exception {
        Path source = Files.createDirectories(tmp.resolve("s"));
        Trees.write(source, "Metadata/big.xml", "<a>" + "q".repeat(1024 * 1024) + "</a>"); // chunk_0
        Trees.write(source, "small.xml", "<small/>\n");
        Trees.writeBytes(source, "x.jpg", RoundTripTest.jpeg(100));
        recording = tmp.resolve("r.tar.gz");
        new SessionRecorder().record(source, recording);
    }

    private Path tampered(String entry, java.util.function.UnaryOperator<byte[]> change) throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>(Trees.entries(recording));
        entries.put(entry, change.apply(entries.get(entry)));
        Path out = tmp.resolve("tampered.tar.gz");
        Trees.writeArchive(out, entries);
        return out;
    }

    @Test
    void untouchedRecordingVerifiesIncludingPlaceholdersBySize() throws Exception {
        ReplayResult result = replayer.replay(recording, tmp.resolve("t"), ReplayOptions.dev());
        assertThat(result.verificationFailures()).isEmpty();
        assertThat(result.filesVerified()).isEqualTo(3);
        assertThat(Files.size(tmp.resolve("t/x.jpg"))).isEqualTo(100);
    }

    @Test
    void tamperedChunkFailsVerificationNamingTheFile() throws Exception {
        Path bad = tampered("chunks/chunk_0.bin", b -> {
            b[10] = 'X';
            return b;
        });

        assertThatThrownBy(() -> replayer.replay(bad, tmp.resolve("t"), ReplayOptions.dev()))
                .isInstanceOf(RecordingVerificationException.class)
                .hasMessageContaining("Metadata/big.xml")
                .hasMessageContaining("sha256")
                .satisfies(e -> {
                    var result = ((RecordingVerificationException) e).result();
                    assertThat(result.verificationFailures()).hasSize(1);
                    assertThat(result.verificationFailures().getFirst().path()).isEqualTo("Metadata/big.xml");
                    assertThat(result.eventsApplied()).isEqualTo(4); // a folder and three files
                });
    }

    @Test
    void tamperedInlineContentFailsVerification() throws Exception {
        Path bad = tampered(
                "recording.json",
                b -> new String(b, StandardCharsets.UTF_8)
                        .replace("<small/>", "<smell/>")
                        .getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> replayer.replay(bad, tmp.resolve("t"), ReplayOptions.dev()))
                .isInstanceOf(RecordingVerificationException.class)
                .hasMessageContaining("small.xml");
    }

    @Test
    void noVerifySkipsTheCheck() throws Exception {
        Path bad = tampered("chunks/chunk_0.bin", b -> {
            b[10] = 'X';
            return b;
        });
        ReplayResult result =
                replayer.replay(bad, tmp.resolve("t"), ReplayOptions.dev().withVerify(false));
        assertThat(result.filesVerified()).isZero();
        assertThat(Files.readString(tmp.resolve("t/Metadata/big.xml"))).startsWith("<a>qqqqqqqX");
    }
}
