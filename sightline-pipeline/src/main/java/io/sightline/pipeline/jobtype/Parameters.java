package io.sightline.pipeline.jobtype;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A job's parameter values, every one checked against its {@link Param}, in the job type's order. Made only by
 * {@link #resolve}: default ← acquisition ← user override.
 */
public record Parameters(Map<String, String> values) {

    public Parameters {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /**
     * The values of {@code type}'s parameters: each its default, replaced by what the acquisition knows when
     * the parameter names an {@link AcquisitionField}, replaced by {@code overrides}.
     *
     * @throws ParameterException naming the first field that is unknown, out of bounds or missing
     */
    public static Parameters resolve(JobType type, Acquisition acquisition, Map<String, String> overrides)
            throws ParameterException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : overrides.keySet()) {
            if (type.parameters().stream().noneMatch(p -> p.name().equals(name))) {
                throw new ParameterException(name, "job type " + type.id() + " has no such parameter");
            }
        }
        for (Param p : type.parameters()) {
            String value = overrides.get(p.name());
            if (value == null && p.from() != null) {
                value = acquisition.value(p.from()).map(Param.Real::format).orElse(null);
            }
            if (value == null) {
                value = p.defaultValue();
            }
            if (value == null) {
                throw new ParameterException(
                        p.name(), "required" + (p.from() == null ? "" : " (the acquisition does not say it)"));
            }
            out.put(p.name(), p.check(value));
        }
        return new Parameters(out);
    }

    public String text(String name) {
        String v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no parameter " + name);
        }
        return v;
    }

    public double real(String name) {
        return Double.parseDouble(text(name));
    }

    public long integer(String name) {
        return Long.parseLong(text(name));
    }

    public boolean flag(String name) {
        return text(name).equals("Yes");
    }
}
