package io.sightline.core.wire;

import static io.sightline.core.wire.FieldSpec.id;
import static io.sightline.core.wire.FieldSpec.path;
import static io.sightline.core.wire.FieldSpec.text;
import static io.sightline.core.wire.FieldSpec.uuid;
import static io.sightline.core.wire.FieldSpec.whole;

/** The fields of one tile of an atlas. */
public enum AtlasTileField implements WireField {
    ATLAS_UUID(uuid().required()),
    TILE_ID(id()),
    POSITION_X(whole()),
    POSITION_Y(whole()),
    SIZE_X(whole()),
    SIZE_Y(whole()),
    FILE_FORMAT(text(100)),
    BASE_FILENAME(path());

    private final FieldSpec spec;

    AtlasTileField(FieldSpec spec) {
        this.spec = WireField.named(this, spec);
    }

    @Override
    public FieldSpec spec() {
        return spec;
    }
}
