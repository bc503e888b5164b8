package io.sightline.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sightline.core.epu.dir.EpuDirectory;
import io.sightline.core.epu.dir.EpuDirectoryReader;
import io.sightline.core.epu.model.Atlas;
import io.sightline.core.epu.model.EpuSession;
import io.sightline.core.epu.read.EpuReadException;
import io.sightline.core.testing.Samples;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class SightlineJsonTest {

    private final ObjectMapper json = SightlineJson.newObjectMapper();

    @Test
    void writesInstantsAsIsoUtcAndRoundTripsRecords() throws Exception {
        EpuSession s = new EpuSession(1, "n", Instant.parse("2025-01-08T15:10:39.4807272Z"), "m", 1.2e-5, "r", null);

        String text = json.writeValueAsString(s);

        String written = json.readTree(text).get("startTime").asText();
        assertThat(written).endsWith("Z");
        assertThat(Instant.parse(written)).isEqualTo(s.startTime());
        assertThat(json.readValue(text, EpuSession.class)).isEqualTo(s);
    }

    @Test
    void keepsTheAtlasOffset() throws Exception {
        Atlas a = new Atlas(
                1, null, null, null, OffsetDateTime.parse("2024-04-05T10:17:53.98788+01:00"), List.of(), List.of());

        assertThat(json.writeValueAsString(a)).contains("\"acquisitionTime\":\"2024-04-05T10:17:53.98788+01:00\"");
        assertThat(json.readValue(json.writeValueAsString(a), Atlas.class)).isEqualTo(a);
    }

    @Test
    void writesReadErrorsAsKindFilePositionAndMessage() throws Exception {
        EpuReadException e = new EpuReadException.Incomplete(Path.of("a.xml"), 3, 4, "cut", null);

        JsonNode n = json.readTree(json.writeValueAsString(e));

        assertThat(n.get("kind").asText()).isEqualTo("incomplete");
        assertThat(n.get("file").asText()).isEqualTo("a.xml");
        assertThat(n.get("line").asInt()).isEqualTo(3);
        assertThat(n.get("message").asText()).isEqualTo("cut");
    }

    @Test
    void serialisesAWholeDirectoryModel() throws Exception {
        EpuDirectory d = new EpuDirectoryReader().read(Samples.dir().resolve(Samples.GRID));

        JsonNode n = json.readTree(json.writeValueAsString(d));

        assertThat(n.at("/grids/0/session/id").asLong()).isEqualTo(9015527L);
        assertThat(n.at("/grids/0/squares/8999138/id").asLong()).isEqualTo(8999138L);
        assertThat(n.at("/grids/0/pending").size()).isEqualTo(4);
        assertThat(n.at("/root").asText()).endsWith("grid-2025");
    }
}
