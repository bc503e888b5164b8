package io.sightline.core.wire;

import static io.sightline.core.wire.FieldSpec.uuid;
import static io.sightline.core.wire.FieldSpec.whole;

/** The fields of where a grid square lies on an atlas tile (no uuid of its own on the wire). */
public enum TilePositionField implements WireField {
    ATLASTILE_UUID(uuid().required()),
    GRIDSQUARE_UUID(uuid().required()),
    CENTER_X(whole().required()),
    CENTER_Y(whole().required()),
    SIZE_WIDTH(whole().required()),
    SIZE_HEIGHT(whole().required());

    private final FieldSpec spec;

    TilePositionField(FieldSpec spec) {
        this.spec = WireField.named(this, spec);
    }

    @Override
    public FieldSpec spec() {
        return spec;
    }
}
