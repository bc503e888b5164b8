package io.sightline.pipeline.jobtype;

import io.sightline.core.mdoc.Mdoc;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * What is known about an acquisition before any job runs: from the microscope (through the agent) or from
 * an mdoc. A job type's parameter that names an {@link AcquisitionField} takes its value from here unless
 * the user overrides it.
 */
public record Acquisition(Map<AcquisitionField, Double> values) {

    public static final Acquisition UNKNOWN = new Acquisition(Map.of());

    public Acquisition {
        values = Map.copyOf(values);
    }

    /** What an mdoc says: pixel spacing, voltage, dose per tilt and tilt axis, where it gives them. */
    public static Acquisition fromMdoc(Mdoc mdoc) {
        Map<AcquisitionField, Double> v = new EnumMap<>(AcquisitionField.class);
        putIfKnown(v, AcquisitionField.PIXEL_SIZE, mdoc.pixelSpacing());
        putIfKnown(v, AcquisitionField.VOLTAGE, mdoc.voltage());
        putIfKnown(v, AcquisitionField.DOSE, mdoc.dosePerTilt());
        putIfKnown(v, AcquisitionField.TILT_AXIS, mdoc.tiltAxisAngle());
        return new Acquisition(v);
    }

    /** This acquisition with {@code field} set (a value the user or the microscope gives). */
    public Acquisition with(AcquisitionField field, double value) {
        Map<AcquisitionField, Double> v = new EnumMap<>(AcquisitionField.class);
        v.putAll(values);
        v.put(field, value);
        return new Acquisition(v);
    }

    public Optional<Double> value(AcquisitionField field) {
        return Optional.ofNullable(values.get(field));
    }

    private static void putIfKnown(Map<AcquisitionField, Double> v, AcquisitionField field, Double value) {
        if (value != null) {
            v.put(field, value);
        }
    }
}
