package io.sightline.core.wire;

import static io.sightline.core.wire.FieldSpec.flag;
import static io.sightline.core.wire.FieldSpec.id;
import static io.sightline.core.wire.FieldSpec.oneOf;
import static io.sightline.core.wire.FieldSpec.real;
import static io.sightline.core.wire.FieldSpec.uuid;
import static io.sightline.core.wire.FieldSpec.whole;

/** The fields of a foil hole: its target on the square image and its latest manifest. */
public enum FoilHoleField implements WireField {
    GRIDSQUARE_UUID(uuid().required()),
    FOILHOLE_ID(id().required()),
    GRIDSQUARE_ID(id()),
    STATUS(oneOf("none", "micrographs detected").byDefault("none").notFromAgent(FieldSpec.WORKFLOW)),
    CENTER_X(real()),
    CENTER_Y(real()),
    QUALITY(real()),
    ROTATION(real()),
    SIZE_WIDTH(real()),
    SIZE_HEIGHT(real()),
    X_LOCATION(whole()),
    Y_LOCATION(whole()),
    X_STAGE_POSITION(real()),
    Y_STAGE_POSITION(real()),
    DIAMETER(whole()),
    IS_NEAR_GRID_BAR(flag().byDefault(false));

    private final FieldSpec spec;

    FoilHoleField(FieldSpec spec) {
        this.spec = WireField.named(this, spec);
    }

    @Override
    public FieldSpec spec() {
        return spec;
    }
}
