package io.sightline.core.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.sightline.core.text.FileReadException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Builds the {@link ObjectMapper} that the CLI's {@code --json} output and the server share, so the
 * model looks the same everywhere: ISO-8601 times (offsets kept where the model keeps them), paths as
 * plain strings, read errors as {@code {kind, file, line, column, message}}.
 */
public final class SightlineJson {
    private SightlineJson() {}

    /** A new, fully configured mapper; callers own it (mappers are thread-safe once configured). */
    public static ObjectMapper newObjectMapper() {
        SimpleModule sightline = new SimpleModule("sightline");
        sightline.addSerializer(Path.class, ToStringSerializer.instance);
        sightline.addSerializer(FileReadException.class, new ReadErrorSerializer());
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .addModule(sightline)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .disable(com.fasterxml.jackson.databind.DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .build();
    }

    private static final class ReadErrorSerializer extends StdSerializer<FileReadException> {
        private static final long serialVersionUID = 1L;

        ReadErrorSerializer() {
            super(FileReadException.class);
        }

        @Override
        public void serialize(FileReadException e, JsonGenerator g, SerializerProvider p) throws IOException {
            g.writeStartObject();
            g.writeStringField("kind", e.kind());
            g.writeStringField("file", String.valueOf(e.file()));
            g.writeNumberField("line", e.line());
            g.writeNumberField("column", e.column());
            g.writeStringField("message", e.problem());
            g.writeEndObject();
        }
    }
}
