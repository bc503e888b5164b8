package io.sightline.pipeline.exec;

import io.sightline.core.star.StarBlock;
import io.sightline.core.star.StarFile;
import io.sightline.core.star.StarReader;
import io.sightline.core.star.StarRow;
import io.sightline.core.star.StarWriter;
import io.sightline.core.text.TextReadException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The files of a per-item array job in its directory: the input STAR cut into one file per task
 * ({@code tasks/<i>/<input>}, every task {@code itemsPerTask} rows of the item loop, the other blocks such as
 * {@code optics} copied whole), the number of tasks ({@code tasks/count}), and the tasks' outputs joined back into
 * the job's own output file once every task succeeded, so that the next job and the results harvester read one
 * file as they do for a single job. The item loop is the loop of the last block that is not {@code optics}.
 */
public final class TaskInputs {
    /** Under the job directory. */
    public static final String DIR = "tasks";

    private static final String COUNT = "count";

    private TaskInputs() {}

    /** The number of tasks for {@code items} items, {@code perTask} to a task (the last may have fewer). */
    public static int taskCount(int items, int perTask) {
        if (perTask < 1) {
            throw new IllegalArgumentException("items per task must be at least 1, was " + perTask);
        }
        return (items + perTask - 1) / perTask;
    }

    /**
     * Cuts {@code input} into {@code tasks/<i>/<input's file name>} under {@code jobDir} and records the number of
     * tasks; the same input gives the same files, so doing it again (a retry, a restart) changes nothing.
     *
     * @return the number of tasks (0 when the input has no items: the job then runs as a single job)
     */
    public static int split(Path input, Path jobDir, int perTask) throws IOException, TextReadException {
        StarFile star = new StarReader().read(input);
        int itemBlock = itemBlock(star)
                .orElseThrow(() ->
                        new TextReadException.Malformed(input, -1, -1, "no loop of items to cut into array tasks"));
        StarBlock block = star.blocks().get(itemBlock);
        List<StarRow> rows = block.loop().orElseThrow().rows();
        int tasks = taskCount(rows.size(), perTask);
        for (int t = 0; t < tasks; t++) {
            List<StarRow> share = rows.subList(t * perTask, Math.min(rows.size(), (t + 1) * perTask));
            List<StarBlock> blocks = new ArrayList<>(star.blocks());
            blocks.set(itemBlock, block.withLoop(block.loop().orElseThrow().withRows(share)));
            Path dir = jobDir.resolve(DIR).resolve(Integer.toString(t));
            Files.createDirectories(dir);
            writeAtomically(dir.resolve(input.getFileName().toString()), new StarFile(blocks, star.trailer()));
        }
        Files.createDirectories(jobDir.resolve(DIR));
        Path count = jobDir.resolve(DIR).resolve(COUNT);
        Path tmp = count.resolveSibling(COUNT + ".tmp");
        Files.writeString(tmp, tasks + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, count, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return tasks;
    }

    /** The number of tasks recorded in {@code jobDir} by {@link #split}; 0 for a single job. */
    public static int arrayTasks(Path jobDir) {
        try {
            return Integer.parseInt(
                    Files.readString(jobDir.resolve(DIR).resolve(COUNT)).strip());
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    /**
     * Joins the tasks' {@code outputFile} (in task order) into {@code jobDir/outputFile}: the first task's file
     * with the item rows of all of them.
     */
    public static void join(Path jobDir, int tasks, String outputFile) throws IOException, TextReadException {
        StarReader reader = new StarReader();
        StarFile first = null;
        int itemBlock = -1;
        List<StarRow> rows = new ArrayList<>();
        for (int t = 0; t < tasks; t++) {
            Path file = jobDir.resolve(DIR).resolve(Integer.toString(t)).resolve(outputFile);
            StarFile star = reader.read(file);
            int b = itemBlock(star)
                    .orElseThrow(() -> new TextReadException.Malformed(file, -1, -1, "no loop of items to join"));
            if (first == null) {
                first = star;
                itemBlock = b;
            }
            rows.addAll(star.blocks().get(b).loop().orElseThrow().rows());
        }
        if (first == null) {
            return;
        }
        StarBlock block = first.blocks().get(itemBlock);
        List<StarBlock> blocks = new ArrayList<>(first.blocks());
        blocks.set(itemBlock, block.withLoop(block.loop().orElseThrow().withRows(rows)));
        writeAtomically(jobDir.resolve(outputFile), new StarFile(blocks, first.trailer()));
    }

    private static Optional<Integer> itemBlock(StarFile star) {
        for (int i = star.blocks().size() - 1; i >= 0; i--) {
            StarBlock b = star.blocks().get(i);
            if (!b.name().equals("optics") && b.loop().isPresent()) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    private static void writeAtomically(Path file, StarFile star) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, StarWriter.toString(star), StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
