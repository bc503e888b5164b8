package io.sightline.core.wire;

import static io.sightline.core.wire.FieldSpec.humanName;
import static io.sightline.core.wire.FieldSpec.id;
import static io.sightline.core.wire.FieldSpec.oneOf;
import static io.sightline.core.wire.FieldSpec.path;
import static io.sightline.core.wire.FieldSpec.time;

/** The fields of an acquisition (one watched visit), as SmartEM names them. */
public enum AcquisitionField implements WireField {
    NAME(humanName().byDefault("unnamed")),
    STATUS(oneOf("planned", "started", "completed", "paused", "abandoned").notFromAgent(FieldSpec.WORKFLOW)),
    START_TIME(time().notFromAgent(FieldSpec.WORKFLOW)),
    END_TIME(time().notFromAgent(FieldSpec.WORKFLOW)),
    PAUSED_TIME(time().notFromAgent(FieldSpec.WORKFLOW)),
    STORAGE_PATH(path()),
    ATLAS_PATH(path().notFromAgent("the agent links atlases per grid (grid.atlas_dir): a visit may hold several")),
    CLUSTERING_MODE(id().notFromAgent(FieldSpec.PER_GRID)),
    CLUSTERING_RADIUS(id().notFromAgent(FieldSpec.PER_GRID)),
    INSTRUMENT_MODEL(id().notFromAgent(FieldSpec.PER_GRID)),
    INSTRUMENT_ID(id().notFromAgent(FieldSpec.PER_GRID)),
    COMPUTER_NAME(id().notFromAgent(FieldSpec.PER_GRID));

    private final FieldSpec spec;

    AcquisitionField(FieldSpec spec) {
        this.spec = WireField.named(this, spec);
    }

    @Override
    public FieldSpec spec() {
        return spec;
    }
}
