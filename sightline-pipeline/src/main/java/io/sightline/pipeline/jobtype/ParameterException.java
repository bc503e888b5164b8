package io.sightline.pipeline.jobtype;

/** A parameter value that a job type refuses; {@link #field()} names the parameter (and the job, when known). */
public class ParameterException extends Exception {
    private final String field;

    public ParameterException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    /** The parameter, as {@code name} or {@code job.name}. */
    public String field() {
        return field;
    }

    /** The same refusal, naming the job it belongs to. */
    public ParameterException inJob(String job) {
        return new ParameterException(job + "." + field, getMessage().substring(field.length() + 2));
    }
}
