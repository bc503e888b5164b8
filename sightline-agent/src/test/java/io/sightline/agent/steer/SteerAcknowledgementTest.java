package io.sightline.agent.steer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.sightline.core.wire.AckField;
import io.sightline.core.wire.AckStatus;
import io.sightline.core.wire.FieldSpec;
import io.sightline.core.wire.Reading;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The acknowledgement body: what the server's declarations take, and read back as it was stored. */
class SteerAcknowledgementTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void aHandlersHugeOrOddOutputIsFittedSoTheServerTakesTheAck() throws Exception {
        String huge = "r".repeat(FieldSpec.TEXT_LENGTH + 10);
        Acknowledgement ack = Acknowledgement.of(
                new Outcome.Failed("broke on \0 here", JsonNodeFactory.instance.textNode(huge)),
                12,
                Instant.parse("2025-06-01T10:00:00.123456Z"));

        JsonNode body = MAPPER.readTree(ack.toJson());

        for (AckField field : AckField.values()) {
            assertThat(field.spec().read(body.get(field.wireName())))
                    .as(field.wireName())
                    .isInstanceOf(Reading.Value.class);
        }
        assertThat(body.get("error_message").asText()).isEqualTo("broke on \uFFFD here");
        assertThat(body.get("result").asText()).hasSize(FieldSpec.TEXT_LENGTH);
        assertThat(body.get("status").asText()).isEqualTo("failed");
    }

    @Test
    void aStoredAcknowledgementReadsBackAsItWas() {
        Acknowledgement ack = new Acknowledgement(
                AckStatus.DECLINED, null, "no such type", 3L, Instant.parse("2025-06-01T10:00:00.123Z"));

        assertThat(Acknowledgement.fromJson(ack.toJson())).isEqualTo(ack);
    }
}
