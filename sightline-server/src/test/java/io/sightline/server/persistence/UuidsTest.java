package io.sightline.server.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.core.ids.EntityUuids;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class UuidsTest {
    private static final UUID PARENT = UUID.fromString("4a1b7f3e-0000-4000-8000-000000000001");

    @Test
    void derivedUuidIsStableAndVersion5() {
        UUID first = EntityUuids.derive(PARENT, "gridsquare", "1001");
        assertThat(EntityUuids.derive(PARENT, "gridsquare", "1001")).isEqualTo(first);
        assertThat(first.version()).isEqualTo(5);
        assertThat(first.variant()).isEqualTo(2);
    }

    @Test
    void derivedUuidDiffersByParentKindAndKey() {
        UUID base = EntityUuids.derive(PARENT, "gridsquare", "1001");
        assertThat(EntityUuids.derive(PARENT, "gridsquare", "1002")).isNotEqualTo(base);
        assertThat(EntityUuids.derive(PARENT, "foilhole", "1001")).isNotEqualTo(base);
        assertThat(EntityUuids.derive(UUID.randomUUID(), "gridsquare", "1001")).isNotEqualTo(base);
    }
}
