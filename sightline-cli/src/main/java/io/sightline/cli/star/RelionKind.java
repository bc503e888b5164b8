package io.sightline.cli.star;

import io.sightline.core.relion.DefaultPipeline;
import io.sightline.core.relion.JobStar;
import io.sightline.core.relion.Scheme;
import io.sightline.core.star.StarFile;
import io.sightline.core.text.TextReadException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/** RELION's own files that {@code parse star} recognises by their blocks and shows as typed views. */
enum RelionKind {
    JOB("job.star", JobStar.class, "job", "joboptions_values") {
        @Override
        Record view(StarFile star, Path file) throws TextReadException {
            return JobStar.of(star, file);
        }
    },
    SCHEME("scheme.star", Scheme.class, "scheme_general") {
        @Override
        Record view(StarFile star, Path file) throws TextReadException {
            return Scheme.of(star, file);
        }
    },
    PIPELINE("default_pipeline.star", DefaultPipeline.class, "pipeline_general") {
        @Override
        Record view(StarFile star, Path file) throws TextReadException {
            return DefaultPipeline.of(star, file);
        }
    };

    private final String fileName;
    private final Class<? extends Record> view;
    private final Set<String> blocks;

    RelionKind(String fileName, Class<? extends Record> view, String... blocks) {
        this.fileName = fileName;
        this.view = view;
        this.blocks = Set.of(blocks);
    }

    /** The view's type. */
    Class<? extends Record> viewType() {
        return view;
    }

    String fileName() {
        return fileName;
    }

    /** The view of the file; its errors name the file, line and column. */
    abstract Record view(StarFile star, Path file) throws TextReadException;

    /** The kind whose blocks a file has, if any. */
    static Optional<RelionKind> of(Set<String> blockNames) {
        for (RelionKind kind : values()) {
            if (blockNames.containsAll(kind.blocks)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
