package io.sightline.server.sse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One SSE message per event: every line of the data gets its own {@code data:} line, whatever ends it. */
class SseFrameTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "one line            | {\"a\":1}          | data: {\"a\":1}\\n",
                "LF                  | a\\nb              | data: a\\ndata: b\\n",
                "CRLF                | a\\r\\nb           | data: a\\ndata: b\\n",
                "CR                  | a\\rb              | data: a\\ndata: b\\n",
                "trailing newline    | a\\n               | data: a\\ndata: \\n",
                "empty               | ''                 | data: \\n",
                "non-ASCII           | µm ✓               | data: µm ✓\\n"
            })
    void framesEveryLineOfTheData(String name, String data, String dataLines) {
        String decoded = unescape(data);
        String frame = new String(SseHub.frame(42L, "micrograph.created", decoded), StandardCharsets.UTF_8);

        assertThat(frame).isEqualTo("id: 42\nevent: micrograph.created\n" + unescape(dataLines) + "\n");
    }

    @ParameterizedTest(name = "no id")
    @CsvSource("heartbeat")
    void anEventWithoutIdHasNoIdLine(String type) {
        assertThat(new String(SseHub.frame(null, type, "{}"), StandardCharsets.UTF_8))
                .isEqualTo("event: heartbeat\ndata: {}\n\n");
    }

    private static String unescape(String s) {
        return s.replace("\\r", "\r").replace("\\n", "\n");
    }
}
