package io.sightline.pipeline.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sightline.core.text.TextReadException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskInputsTest {
    private static final String MOVIES = """
            # version 30001

            data_optics

            loop_
            _rlnOpticsGroupName #1
            _rlnMicrographOriginalPixelSize #2
            opticsGroup1 0.83

            # version 30001

            data_movies

            loop_
            _rlnMicrographMovieName #1
            _rlnOpticsGroup #2
            Movies/a.tiff 1
            Movies/b.tiff 1
            Movies/c.tiff 1
            Movies/d.tiff 1
            Movies/e.tiff 1
            """;

    @TempDir
    Path tmp;

    private static List<String> rows(Path file) throws Exception {
        return Files.readAllLines(file).stream()
                .map(String::strip)
                .filter(l -> l.startsWith("Movies/"))
                .toList();
    }

    @Test
    void theTaskCountRoundsUp() {
        assertThat(TaskInputs.taskCount(5, 2)).isEqualTo(3);
        assertThat(TaskInputs.taskCount(4, 2)).isEqualTo(2);
        assertThat(TaskInputs.taskCount(0, 2)).isZero();
        assertThatThrownBy(() -> TaskInputs.taskCount(3, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theItemsAreCutIntoSharesKeepingTheOpticsAndJoinedBackInOrder() throws Exception {
        Path input = tmp.resolve("movies.star");
        Files.writeString(input, MOVIES);
        Path job = tmp.resolve("External/job002");

        int tasks = TaskInputs.split(input, job, 2);

        assertThat(tasks).isEqualTo(3);
        assertThat(TaskInputs.arrayTasks(job)).isEqualTo(3);
        assertThat(rows(job.resolve("tasks/0/movies.star"))).hasSize(2).allMatch(r -> r.matches("Movies/[ab].tiff +1"));
        assertThat(rows(job.resolve("tasks/2/movies.star"))).hasSize(1).allMatch(r -> r.startsWith("Movies/e.tiff"));
        assertThat(Files.readString(job.resolve("tasks/1/movies.star"))).contains("opticsGroup1");

        // the tasks' outputs (here their inputs, copied) joined back: every row once, in task order
        for (int t = 0; t < 3; t++) {
            Files.copy(job.resolve("tasks/" + t + "/movies.star"), job.resolve("tasks/" + t + "/out.star"));
        }
        TaskInputs.join(job, 3, "out.star");
        assertThat(rows(job.resolve("out.star")))
                .extracting(r -> r.split(" +")[0])
                .containsExactly("Movies/a.tiff", "Movies/b.tiff", "Movies/c.tiff", "Movies/d.tiff", "Movies/e.tiff");
    }

    @Test
    void aJobWithoutTasksIsASingleJobAndAnInputWithoutItemsIsRefused() throws Exception {
        assertThat(TaskInputs.arrayTasks(tmp)).isZero();
        Path bad = tmp.resolve("bad.star");
        Files.writeString(bad, "data_general\n\n_rlnImageSize 64\n");
        assertThatThrownBy(() -> TaskInputs.split(bad, tmp.resolve("job"), 1))
                .isInstanceOf(TextReadException.class)
                .hasMessageContaining("no loop of items");
    }
}
