package io.sightline.pipeline.exec;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-task markers of an array job, {@code .task_status/<i>.ok} or {@code <i>.fail} in its directory, written by
 * every executor that runs arrays (SLURM and local). They outlive the server, so a rerun or a restarted server can
 * tell which tasks succeeded and submit only the others.
 */
public final class TaskMarkers {
    private static final Logger LOG = LoggerFactory.getLogger(TaskMarkers.class);

    /** The directory under the job directory holding the task markers. */
    public static final String DIR = ".task_status";

    private TaskMarkers() {}

    /** Per task index: 0 unmarked, 1 ok, 2 fail (a fail beside an ok counts as fail); one directory listing. */
    public static byte[] read(Path jobDir, int n) {
        byte[] marks = new byte[n];
        Path status = jobDir.resolve(DIR);
        if (!Files.isDirectory(status)) {
            return marks;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(status)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                int dot = name.lastIndexOf('.');
                if (dot <= 0) {
                    continue;
                }
                byte mark = switch (name.substring(dot + 1)) {
                    case "ok" -> 1;
                    case "fail" -> 2;
                    default -> 0;
                };
                try {
                    int i = Integer.parseInt(name.substring(0, dot));
                    if (mark != 0 && i >= 0 && i < n && marks[i] != 2) {
                        marks[i] = mark;
                    }
                } catch (NumberFormatException e) {
                    // Not one of ours (an operator's note); it marks no task.
                }
            }
        } catch (IOException e) {
            LOG.warn("could not list {}; its tasks count as unmarked", status, e);
        }
        return marks;
    }

    /**
     * The tasks of an array in {@code jobDir} that did not succeed (failed, cancelled, or never ran), ascending:
     * what a rerun of the array submits ({@link JobLaunch#onlyTasks}).
     */
    public static List<Integer> unsucceeded(Path jobDir, int arrayTasks) {
        byte[] marks = read(jobDir.toAbsolutePath().normalize(), arrayTasks);
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < arrayTasks; i++) {
            if (marks[i] != 1) {
                out.add(i);
            }
        }
        return out;
    }

    /** How many of the array's tasks are marked ok. */
    public static int succeeded(Path jobDir, int arrayTasks) {
        return arrayTasks - unsucceeded(jobDir, arrayTasks).size();
    }

    /**
     * Removes the job's markers and the task markers of the tasks about to run: all of them, or for a rerun of
     * some tasks only theirs, so the succeeded tasks' markers still count towards the job's end.
     */
    public static void clearBeforeLaunch(Path dir, List<Integer> tasks) throws IOException {
        for (String marker : List.of(JobMarkers.SUCCESS, JobMarkers.FAILURE, JobMarkers.ABORTED)) {
            Files.deleteIfExists(dir.resolve(marker));
        }
        Path status = dir.resolve(DIR);
        if (!tasks.isEmpty()) {
            for (int t : tasks) {
                Files.deleteIfExists(status.resolve(t + ".ok"));
                Files.deleteIfExists(status.resolve(t + ".fail"));
            }
        } else if (Files.isDirectory(status)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(status)) {
                for (Path f : files) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }
}
