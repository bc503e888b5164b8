package io.sightline.core.wire;

import static io.sightline.core.wire.FieldSpec.flag;
import static io.sightline.core.wire.FieldSpec.id;
import static io.sightline.core.wire.FieldSpec.oneOf;
import static io.sightline.core.wire.FieldSpec.path;
import static io.sightline.core.wire.FieldSpec.real;
import static io.sightline.core.wire.FieldSpec.text;
import static io.sightline.core.wire.FieldSpec.time;
import static io.sightline.core.wire.FieldSpec.uuid;
import static io.sightline.core.wire.FieldSpec.whole;

/** The fields of a micrograph: from its EPU manifest, then from processing. */
public enum MicrographField implements WireField {
    FOILHOLE_UUID(uuid().required()),
    MICROGRAPH_ID(id()),
    FOILHOLE_ID(id()),
    LOCATION_ID(id()),
    STATUS(oneOf(
                    "none",
                    "motion correction started",
                    "motion correction completed",
                    "ctf started",
                    "ctf completed",
                    "particle picking started",
                    "particle picking completed",
                    "particle selection started",
                    "particle selection completed")
            .byDefault("none")
            .notFromAgent(FieldSpec.WORKFLOW)),
    HIGH_RES_PATH(path().notFromAgent("the movie's location: processing finds it, EPU's manifest does not name it")),
    MANIFEST_FILE(path()),
    ACQUISITION_DATETIME(time()),
    DEFOCUS(real()),
    DETECTOR_NAME(id()),
    ENERGY_FILTER(flag()),
    PHASE_PLATE(flag()),
    IMAGE_SIZE_X(whole()),
    IMAGE_SIZE_Y(whole()),
    BINNING_X(whole()),
    BINNING_Y(whole()),
    TOTAL_MOTION(real().notFromAgent(FieldSpec.PROCESSING)),
    AVERAGE_MOTION(real().notFromAgent(FieldSpec.PROCESSING)),
    CTF_MAX_RESOLUTION_ESTIMATE(real().notFromAgent(FieldSpec.PROCESSING)),
    NUMBER_OF_PARTICLES_SELECTED(whole().notFromAgent(FieldSpec.PROCESSING)),
    NUMBER_OF_PARTICLES_REJECTED(whole().notFromAgent(FieldSpec.PROCESSING)),
    NUMBER_OF_PARTICLES_PICKED(whole().notFromAgent(FieldSpec.PROCESSING)),
    SELECTION_DISTRIBUTION(text(4000).notFromAgent(FieldSpec.PROCESSING)),
    PICK_DISTRIBUTION(text(4000).notFromAgent(FieldSpec.PROCESSING));

    private final FieldSpec spec;

    MicrographField(FieldSpec spec) {
        this.spec = WireField.named(this, spec);
    }

    @Override
    public FieldSpec spec() {
        return spec;
    }
}
