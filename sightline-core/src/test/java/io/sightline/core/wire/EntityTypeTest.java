package io.sightline.core.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The entity declarations hold together: parents first, keys and paths name declared fields. */
class EntityTypeTest {
    private static final String A = "4a1b7f3e-0000-4000-8000-000000000001";
    private static final String B = "4a1b7f3e-0000-4000-8000-000000000002";

    @Test
    void everyParentIsDeclaredBeforeItsChildrenAndItsUuidFieldComesFirst() {
        for (EntityType type : EntityType.values()) {
            type.parent().ifPresent(parent -> {
                assertThat(parent.ordinal()).as(type.name()).isLessThan(type.ordinal());
                assertThat(type.fields().getFirst()).isSameAs(type.parentField());
                assertThat(type.parentField().spec().type()).isInstanceOf(WireType.Uuid.class);
                assertThat(type.parentField().spec().requiredOnCreate()).isTrue();
            });
        }
        assertThat(EntityType.ACQUISITION.parent()).isEmpty();
        assertThat(EntityType.MICROGRAPH.parent()).contains(EntityType.FOILHOLE);
    }

    @Test
    void naturalKeysAreFieldsOfTheirKindAndNamesAreUnique() {
        Set<String> names = new HashSet<>();
        for (EntityType type : EntityType.values()) {
            assertThat(names.add(type.wireName())).as(type.wireName()).isTrue();
            if (type.naturalKey() != null) {
                assertThat(type.fields()).contains(type.naturalKey());
            }
            Set<String> fields = new HashSet<>();
            type.fields()
                    .forEach(f -> assertThat(fields.add(f.wireName()))
                            .as(f.wireName())
                            .isTrue());
            assertThat(fields).doesNotContain(EntityType.KIND_FIELD, EntityType.UUID_FIELD);
        }
        assertThat(EntityType.ATLAS_TILE_GRIDSQUARE_POSITION.referenced()).isEqualTo(EntityType.GRIDSQUARE);
        assertThat(EntityType.ATLAS_TILE_GRIDSQUARE_POSITION.uuidOnWire()).isFalse();
    }

    @Test
    void fieldNamesAreTheLowerCasedConstantNames() {
        assertThat(MicrographField.DETECTOR_NAME.wireName()).isEqualTo("detector_name");
        assertThat(TilePositionField.ATLASTILE_UUID.wireName()).isEqualTo("atlastile_uuid");
        assertThat(EntityType.GRIDSQUARE.field("stage_position_z")).contains(GridSquareField.STAGE_POSITION_Z);
    }

    @Test
    void smartEmPathsAreFilledFromTheItem() {
        assertThat(EntityType.GRIDSQUARE.smartEm().create(B, Map.of("grid_uuid", A)))
                .isEqualTo("/grids/" + A + "/gridsquares");
        assertThat(EntityType.GRIDSQUARE.smartEm().update(B, Map.of("grid_uuid", A)))
                .contains("/gridsquares/" + B);
        assertThat(EntityType.ATLAS_TILE_GRIDSQUARE_POSITION
                        .smartEm()
                        .create(null, Map.of("atlastile_uuid", A, "gridsquare_uuid", B)))
                .isEqualTo("/atlas-tiles/" + A + "/gridsquares/" + B);
        assertThat(EntityType.ATLAS_TILE_GRIDSQUARE_POSITION.smartEm().update(null, Map.of()))
                .isEmpty();
        assertThat(EntityType.FOILHOLE.smartEm().createTakesList()).isTrue();
        assertThatThrownBy(() -> EntityType.MICROGRAPH.smartEm().create(B, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("foilhole_uuid");
        assertThatThrownBy(() -> EntityType.MICROGRAPH.smartEm().create(B, Map.of("foilhole_uuid", "../x")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void kindsAreFoundByWireNameInAnyCase() {
        assertThat(EntityType.find("GridSquare")).contains(EntityType.GRIDSQUARE);
        assertThat(EntityType.find("grid_square")).isEmpty();
        assertThat(EntityType.find(null)).isEmpty();
        assertThatThrownBy(() -> EntityType.fromWireName("nope")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void defaultsFitTheirOwnFields() {
        for (EntityType type : EntityType.values()) {
            for (WireField field : type.fields()) {
                Object value = field.spec().defaultValue();
                if (value != null) {
                    assertThat(field.spec().check(value)).as(field.wireName()).isEmpty();
                }
            }
        }
    }
}
