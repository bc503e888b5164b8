package io.sightline.pipeline.jobtype;

import java.util.List;
import java.util.Objects;

/**
 * The usual shape of a job type: what it declares is given to the constructor, and the class writes only
 * {@link #arguments}. Declaring in one constructor call keeps a type's id, slots and parameters on one screen.
 */
public abstract class DeclaredJobType implements JobType {
    private final String id;
    private final String title;
    private final JobCategory category;
    private final boolean tomography;
    private final String program;
    private final List<Param> parameters;
    private final List<InputSlot> inputs;
    private final List<OutputSlot> outputs;

    protected DeclaredJobType(
            String id,
            String title,
            JobCategory category,
            boolean tomography,
            String program,
            List<Param> parameters,
            List<InputSlot> inputs,
            List<OutputSlot> outputs) {
        this.id = Objects.requireNonNull(id, "id");
        this.title = Objects.requireNonNull(title, "title");
        this.category = Objects.requireNonNull(category, "category");
        this.tomography = tomography;
        this.program = Objects.requireNonNull(program, "program");
        this.parameters = List.copyOf(parameters);
        this.inputs = List.copyOf(inputs);
        this.outputs = List.copyOf(outputs);
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final String title() {
        return title;
    }

    @Override
    public final JobCategory category() {
        return category;
    }

    @Override
    public final boolean tomography() {
        return tomography;
    }

    @Override
    public final List<Param> parameters() {
        return parameters;
    }

    @Override
    public final List<InputSlot> inputs() {
        return inputs;
    }

    @Override
    public final List<OutputSlot> outputs() {
        return outputs;
    }

    @Override
    public final String program() {
        return program;
    }
}
