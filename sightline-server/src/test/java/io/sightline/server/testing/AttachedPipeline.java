package io.sightline.server.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the tests of pipelines attached to acquisitions share: a two-job pipeline (import, motion) whose shell
 * "tool", as the import, logs {@code <run id> <file>} into the project's {@code seen.txt} for every link of its
 * batch (the file the link points at), then waits while the project's {@code hold} file exists; and the body
 * that attaches it.
 */
public final class AttachedPipeline {
    public static final String TOOL = """
            #!/bin/sh
            out=$1; shift
            glob=""
            while [ $# -gt 0 ]; do if [ "$1" = "--i" ]; then glob=$2; fi; shift; done
            if [ "$SIGHTLINE_JOB" = import ]; then
              for f in $glob; do echo "$SIGHTLINE_RUN $(readlink "$f")" >> "$SIGHTLINE_PROJECT/seen.txt"; done
              while [ -e "$SIGHTLINE_PROJECT/hold" ]; do sleep 0.05; done
            fi
            echo ok > "$out"
            """;

    private AttachedPipeline() {}

    /** Writes the tool into {@code dir}; answers the job type → program map that runs it. */
    public static Map<String, List<String>> programs(Path dir) throws IOException {
        Path tool = dir.resolve("attached-tool.sh");
        Files.writeString(tool, TOOL);
        return Map.of(
                "spa.import", List.of("/bin/sh", tool.toString(), "movies.star"),
                "spa.motioncorr", List.of("/bin/sh", tool.toString(), "corrected_micrographs.star"));
    }

    /** The same programs as {@code --pipeline-program} flags of {@code sightline server}. */
    public static List<String> programFlags(Path dir) throws IOException {
        return programs(dir).entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .flatMap(e -> java.util.stream.Stream.of(
                        "--pipeline-program", e.getKey() + "=" + String.join(" ", e.getValue())))
                .toList();
    }

    /** The body of {@code POST /api/v1/pipeline/attachments} for the two-job pipeline. */
    public static Map<String, Object> request(String acquisition, String project, int batchSize, double maxWait) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("acquisition_uuid", acquisition);
        body.put(
                "pipeline",
                Map.of(
                        "name",
                        "mini",
                        "jobs",
                        List.of(
                                Map.of("name", "import", "type", "spa.import"),
                                Map.of("name", "motion", "type", "spa.motioncorr"))));
        body.put("project", project);
        body.put("acquisition", Map.of("pixel_size", 0.83));
        body.put("batch_size", batchSize);
        body.put("max_wait_seconds", maxWait);
        return body;
    }

    /** The lines of {@code seen.txt} in {@code project}: {@code <run id> <file>}, one per file an import read. */
    public static List<String> seen(Path project) throws IOException {
        Path f = project.resolve("seen.txt");
        return Files.exists(f) ? Files.readAllLines(f) : List.of();
    }

    /** The files of {@link #seen} lines. */
    public static List<String> files(List<String> seen) {
        return seen.stream().map(l -> l.substring(l.indexOf(' ') + 1)).toList();
    }
}
