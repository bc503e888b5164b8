package io.sightline.core.wire;

import static io.sightline.core.wire.FieldSpec.flag;
import static io.sightline.core.wire.FieldSpec.id;
import static io.sightline.core.wire.FieldSpec.oneOf;
import static io.sightline.core.wire.FieldSpec.path;
import static io.sightline.core.wire.FieldSpec.real;
import static io.sightline.core.wire.FieldSpec.time;
import static io.sightline.core.wire.FieldSpec.uuid;
import static io.sightline.core.wire.FieldSpec.whole;

/** The fields of a grid square: from the atlas, its metadata file and its manifest. */
public enum GridSquareField implements WireField {
    GRID_UUID(uuid().required()),
    GRIDSQUARE_ID(id().required()),
    STATUS(oneOf("none", "all foil holes registered", "foil holes decision started", "foil holes decision completed")
            .notFromAgent(FieldSpec.WORKFLOW)),
    DATA_DIR(path().notFromAgent(
                    "the agent reports the grid's folder (grid.data_dir); a square has no folder of its own")),
    ATLAS_NODE_ID(whole()),
    STATE(id()),
    ROTATION(real()),
    IMAGE_PATH(path()),
    SELECTED(flag()),
    UNUSABLE(flag()),
    STAGE_POSITION_X(real()),
    STAGE_POSITION_Y(real()),
    STAGE_POSITION_Z(real()),
    CENTER_X(whole()),
    CENTER_Y(whole()),
    PHYSICAL_X(real()),
    PHYSICAL_Y(real()),
    SIZE_WIDTH(whole()),
    SIZE_HEIGHT(whole()),
    ACQUISITION_DATETIME(time()),
    DEFOCUS(real()),
    MAGNIFICATION(real()),
    PIXEL_SIZE(real()),
    DETECTOR_NAME(id()),
    APPLIED_DEFOCUS(real().notFromAgent("EPU's grid square manifest does not hold it (micrograph manifests do)")),
    LOWMAG(flag().byDefault(false).notFromAgent("SmartEM's low-magnification marker; EPU's files do not say"));

    private final FieldSpec spec;

    GridSquareField(FieldSpec spec) {
        this.spec = WireField.named(this, spec);
    }

    @Override
    public FieldSpec spec() {
        return spec;
    }
}
