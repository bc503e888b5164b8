package io.sightline.pipeline.jobtype;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The registry of job types, by id. {@link #standard()} holds the first SPA and tomography types. */
public final class JobTypes {
    private final Map<String, JobType> types;

    private JobTypes(Map<String, JobType> types) {
        this.types = Collections.unmodifiableMap(new LinkedHashMap<>(types));
    }

    public static JobTypes standard() {
        return builder()
                .add(new SpaImport())
                .add(new MotionCorrection())
                .add(new CtfEstimation())
                .add(new Picking())
                .add(new Extraction())
                .add(new Class2d())
                .add(new TomoImport())
                .add(new TomoMotionCtf())
                .add(new TiltSeriesAlignment())
                .add(new TiltSeriesCtf())
                .add(new TomoReconstruction())
                .build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Optional<JobType> find(String id) {
        return Optional.ofNullable(types.get(id));
    }

    /** Every type, in registration order. */
    public Collection<JobType> all() {
        return types.values();
    }

    public static final class Builder {
        private final Map<String, JobType> types = new LinkedHashMap<>();

        /** Adds {@code type}; two types with one id would make templates ambiguous, so that is refused. */
        public Builder add(JobType type) {
            if (types.putIfAbsent(type.id(), type) != null) {
                throw new IllegalArgumentException("job type " + type.id() + " is registered twice");
            }
            return this;
        }

        public JobTypes build() {
            return new JobTypes(types);
        }
    }
}
