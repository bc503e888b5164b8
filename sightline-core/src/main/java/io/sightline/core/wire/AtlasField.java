package io.sightline.core.wire;

import static io.sightline.core.wire.FieldSpec.humanName;
import static io.sightline.core.wire.FieldSpec.id;
import static io.sightline.core.wire.FieldSpec.path;
import static io.sightline.core.wire.FieldSpec.text;
import static io.sightline.core.wire.FieldSpec.time;
import static io.sightline.core.wire.FieldSpec.uuid;

/** The fields of a grid's atlas (at most one per grid). */
public enum AtlasField implements WireField {
    GRID_UUID(uuid().required()),
    ATLAS_ID(id()),
    NAME(humanName().required()),
    ACQUISITION_DATE(time()),
    STORAGE_FOLDER(path()),
    DESCRIPTION(text(4000));

    private final FieldSpec spec;

    AtlasField(FieldSpec spec) {
        this.spec = WireField.named(this, spec);
    }

    @Override
    public FieldSpec spec() {
        return spec;
    }
}
