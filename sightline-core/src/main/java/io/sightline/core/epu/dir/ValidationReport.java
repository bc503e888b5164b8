package io.sightline.core.epu.dir;

import java.nio.file.Path;
import java.util.List;

/** Every problem {@link EpuValidator} found in a folder; valid when there are none. */
public record ValidationReport(Path dir, List<Issue> issues) {

    public ValidationReport {
        issues = List.copyOf(issues);
    }

    public boolean valid() {
        return issues.isEmpty();
    }

    /** What kind of problem: the folder layout, or a file's content. */
    public enum Category {
        STRUCTURE,
        CONTENT
    }

    /**
     * One problem.
     *
     * @param path     the folder or file concerned
     * @param category layout or content
     * @param kind     for content: the read error kind ({@code incomplete}, {@code malformed}, ...);
     *                 for structure: what is missing ({@code missing-session}, {@code missing-metadata},
     *                 {@code missing-images-disc})
     * @param message  one clear sentence
     */
    public record Issue(Path path, Category category, String kind, String message) {}
}
