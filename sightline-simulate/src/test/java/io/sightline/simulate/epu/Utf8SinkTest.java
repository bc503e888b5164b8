package io.sightline.simulate.epu;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8SinkTest {

    @Test
    void encodesAsciiAndNonAsciiLikeUtf8AcrossBufferBoundaries() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 30_000; i++) {
            text.append("<a>").append(i).append("</a>").append(i % 1000 == 0 ? "Å 😀 µm" : "");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Utf8Sink sink = new Utf8Sink(bytes);
        sink.append(text).append('x');
        sink.finish();
        assertThat(bytes.toByteArray()).isEqualTo((text + "x").getBytes(StandardCharsets.UTF_8));
    }
}
