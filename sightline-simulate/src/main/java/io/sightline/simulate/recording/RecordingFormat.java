package io.sightline.simulate.recording;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.regex.Pattern;

/** The fixed names and numbers of epuplayer's recording format 2.0 (see docs/recording-format.md). */
final class RecordingFormat {

    static final String VERSION = "2.0";
    static final String RECORDING_JSON = "recording.json";
    static final String CHUNKS_DIR = "chunks/";
    static final String CHUNK_SUFFIX = ".bin";
    /** Files below this size are stored inline in {@code content}; larger ones go to a chunk. */
    static final long INLINE_LIMIT = 1024 * 1024;
    /** Chunk ids become file names on replay, so only plain names are accepted. */
    static final Pattern CHUNK_ID = Pattern.compile("[A-Za-z0-9_.-]{1,100}");

    private RecordingFormat() {}

    static String chunkId(long counter) {
        return "chunk_" + counter;
    }

    static String chunkEntryName(String chunkId) {
        return CHUNKS_DIR + chunkId + CHUNK_SUFFIX;
    }

    /**
     * A mapper that reads and writes recording.json as epuplayer does: non-ASCII escaped (Python's
     * {@code ensure_ascii}, which keeps the file readable whatever the reader's default charset), two-space
     * indent with each array element on its own line.
     */
    static JsonMapper mapper() {
        var mapper = JsonMapper.builder()
                .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
                .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .defaultPrettyPrinter(prettyPrinter())
                .addModule(new SimpleModule("python-floats")
                        .addSerializer(Double.class, PYTHON_FLOAT)
                        .addSerializer(double.class, PYTHON_FLOAT))
                .build();
        mapper.getFactory()
                .setStreamReadConstraints(StreamReadConstraints.builder()
                        .maxStringLength(256 * 1024 * 1024)
                        .maxNestingDepth(64)
                        .build());
        return mapper;
    }

    /**
     * Floats as Python's {@code repr} writes them ({@code 1795314462.135211}, never {@code 1.795314462135211E9}
     * and always with a fraction), so timestamps read the same in both tools.
     */
    private static final StdSerializer<Double> PYTHON_FLOAT = new StdSerializer<>(Double.class) {
        @Override
        public void serialize(Double value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (value.isNaN() || value.isInfinite()) {
                gen.writeNumber(value);
                return;
            }
            String plain = BigDecimal.valueOf(value).toPlainString();
            gen.writeNumber(plain.contains(".") ? plain : plain + ".0");
        }
    };

    /** Python's {@code json.dumps(indent=2)} layout: {@code "key": value}, one array element per line. */
    static DefaultPrettyPrinter prettyPrinter() {
        var indenter = new DefaultIndenter("  ", "\n");
        return new DefaultPrettyPrinter()
                .withSeparators(
                        Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                .withObjectIndenter(indenter)
                .withArrayIndenter(indenter);
    }
}
