package io.sightline.core.star;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

/** The writer's UTF-8 encoder gives the bytes the JDK's gives, however the text is cut into writes. */
class Utf8WriterPropertyTest {

    @Property(tries = 500)
    void writesTheBytesTheJdkEncodes(@ForAll @Size(max = 6) List<String> pieces) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Utf8Writer writer = new Utf8Writer(out)) {
            for (String piece : pieces) {
                if (piece.length() == 1) {
                    writer.write(piece.charAt(0));
                } else {
                    writer.write(piece);
                }
            }
        }

        assertThat(out.toByteArray()).isEqualTo(String.join("", pieces).getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 20)
    void longTextCrossesTheBufferIntact(@ForAll @Size(min = 70_000, max = 200_000) String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Utf8Writer writer = new Utf8Writer(out)) {
            writer.write(text);
        }

        assertThat(out.toByteArray()).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
    }
}
