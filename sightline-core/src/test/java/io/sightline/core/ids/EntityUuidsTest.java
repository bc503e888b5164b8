package io.sightline.core.ids;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The values below were computed by the server before it moved to this class; they pin the identities already stored in databases. */
class EntityUuidsTest {
    private static final UUID PARENT = UUID.fromString("4a1b7f3e-0000-4000-8000-000000000001");

    @Test
    void derivesTheSameUuidsAsTheServer() {
        assertThat(EntityUuids.derive(PARENT, "gridsquare", "1001"))
                .hasToString("9ea97f4a-f83c-5b87-baaa-6ae973796a41");
        assertThat(EntityUuids.derive(PARENT, "foilhole", "1001")).hasToString("1a127bb1-6667-5428-86e4-69d1ec44e3a3");
        assertThat(EntityUuids.derive(EntityUuids.ROOT, "acquisition", "agent-1|/data/bi23047-1"))
                .hasToString("72a07343-d486-5bb6-b4b9-8dab92ed6859");
        assertThat(EntityUuids.derive(PARENT, "micrograph", "\u00dcn\u00efcode-\u00ff"))
                .hasToString("1e61956b-c078-59ab-b31e-c49c06d6526d");
    }

    @Test
    void positionUuidMatchesTheServers() {
        assertThat(EntityUuids.position(PARENT.toString(), "9c0b1e52-8f0f-5a1e-9d3c-2a7b6b1f0c11"))
                .isEqualTo("26e1adc3-be0b-5d1e-9897-cfd4a7312e99");
    }

    @Test
    void positionUnderATileWhoseIdIsNotAUuidIsStableAndDistinct() {
        String tile = "hu-1lfJZRxWSzZ0SZZ-C2w"; // SmartEM's agent: base64 of a random UUID, 22 characters
        String position = EntityUuids.position(tile, "0XotHVAHQV2wVeTZNVFANA");
        assertThat(UUID.fromString(position).version()).isEqualTo(5);
        assertThat(EntityUuids.position(tile, "0XotHVAHQV2wVeTZNVFANA")).isEqualTo(position);
        assertThat(EntityUuids.position(tile, "sMCWg7PKTuqsyTX43GrHcg")).isNotEqualTo(position);
        assertThat(EntityUuids.position("GTtvgy9CRIKLUMZrYIavTw", "0XotHVAHQV2wVeTZNVFANA"))
                .isNotEqualTo(position);
    }

    @Test
    void derivedUuidIsVersion5AndStable() {
        UUID first = EntityUuids.derive(PARENT, "gridsquare", "1001");
        assertThat(first.version()).isEqualTo(5);
        assertThat(first.variant()).isEqualTo(2);
        assertThat(EntityUuids.derive(PARENT, "gridsquare", "1002")).isNotEqualTo(first);
    }
}
