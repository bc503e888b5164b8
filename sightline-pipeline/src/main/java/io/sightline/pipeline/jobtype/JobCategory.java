package io.sightline.pipeline.jobtype;

/** Where RELION puts a job's directory ({@code Import/job001/}, {@code External/job002/}) and its process type. */
public enum JobCategory {
    IMPORT("Import"),
    EXTERNAL("External");

    private final String directory;

    JobCategory(String directory) {
        this.directory = directory;
    }

    public String directory() {
        return directory;
    }
}
