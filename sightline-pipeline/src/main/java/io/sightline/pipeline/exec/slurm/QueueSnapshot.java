package io.sightline.pipeline.exec.slurm;

import io.sightline.pipeline.exec.JobState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What one {@code squeue} (or {@code sacct}) call said about every job it listed, parsed once per poll and
 * then asked per job, so that a poll costs one call whatever the number of jobs and array tasks.
 *
 * <p>Pending array tasks are listed by SLURM as one line with an index range ({@code 12_[4-9%2]}); they are
 * kept as ranges and expanded only when a job's tasks are asked for.
 */
final class QueueSnapshot {

    /** The {@code squeue -o} format this class reads: array job id, array index, state, reason, name. */
    static final String SQUEUE_FORMAT = "%F|%K|%T|%r|%j";

    /** The {@code sacct -o} fields this class reads, in order. */
    static final String SACCT_FIELDS = "JobID,State,ExitCode,JobName";

    /** One line: the job's state in our terms, SLURM's word for it and its reason. */
    record Entry(JobState state, String slurmState, String reason) {
        String describe() {
            return reason.isEmpty() || reason.equals("None") ? slurmState : slurmState + " (" + reason + ")";
        }
    }

    private record Part(String indices, Entry entry) {}

    private static final QueueSnapshot EMPTY = new QueueSnapshot(Map.of(), Map.of(), Map.of());

    private final Map<String, Entry> singles;
    private final Map<String, List<Part>> arrays;
    private final Map<String, List<String>> idsByName;

    private QueueSnapshot(
            Map<String, Entry> singles, Map<String, List<Part>> arrays, Map<String, List<String>> idsByName) {
        this.singles = singles;
        this.arrays = arrays;
        this.idsByName = idsByName;
    }

    static QueueSnapshot empty() {
        return EMPTY;
    }

    /** Parses {@code squeue -h -o '%F|%K|%T|%r|%j'} output; the name comes last because it may hold a bar. */
    static QueueSnapshot parseSqueue(String output) {
        Builder b = new Builder();
        output.lines().forEach(line -> {
            String[] f = line.split("\\|", 5);
            if (f.length < 4) {
                return;
            }
            b.add(f[0].strip(), f[1].strip(), f[2].strip(), f[3].strip(), f.length == 5 ? f[4] : "");
        });
        return b.build();
    }

    /**
     * Parses {@code sacct -n -P -X -o JobID,State,ExitCode,JobName} output: {@code 12}, {@code 12_3} or
     * {@code 12_[4-9]} and a state such as {@code CANCELLED by 0}.
     */
    static QueueSnapshot parseSacct(String output) {
        Builder b = new Builder();
        output.lines().forEach(line -> {
            String[] f = line.split("\\|", 4);
            if (f.length < 2 || f[0].isBlank()) {
                return;
            }
            String id = f[0].strip();
            int bar = id.indexOf('_');
            String jobId = bar < 0 ? id : id.substring(0, bar);
            String indices = bar < 0 ? "N/A" : id.substring(bar + 1);
            String state = f[1].strip().split(" ", 2)[0];
            String exit = f.length >= 3 ? "exit " + f[2].strip() : "";
            b.add(jobId, indices, state, exit, f.length == 4 ? f[3] : "");
        });
        return b.build();
    }

    /** The line of a job that is not an array. */
    Optional<Entry> job(String jobId) {
        return Optional.ofNullable(singles.get(jobId));
    }

    boolean knows(String jobId) {
        return singles.containsKey(jobId) || arrays.containsKey(jobId);
    }

    /** The entry of each of an array's {@code n} tasks, null where this snapshot does not list the task. */
    Entry[] tasks(String jobId, int n) {
        Entry[] tasks = new Entry[n];
        for (Part part : arrays.getOrDefault(jobId, List.of())) {
            forEachIndex(part.indices(), n, i -> tasks[i] = part.entry());
        }
        return tasks;
    }

    /** Ids of the jobs listed under {@code name}, in the order listed. */
    List<String> idsNamed(String name) {
        return idsByName.getOrDefault(name, List.of());
    }

    /** The highest array index listed for {@code jobId} plus one, or 0 when it is not an array here. */
    int arraySize(String jobId) {
        int[] max = {-1};
        for (Part part : arrays.getOrDefault(jobId, List.of())) {
            forEachIndex(part.indices(), Integer.MAX_VALUE, i -> max[0] = Math.max(max[0], i));
        }
        return max[0] + 1;
    }

    /** Visits every index of {@code 5}, {@code 2-5}, {@code [0-7%2]} or {@code 1,3,5-7%4} below {@code n}. */
    static void forEachIndex(String spec, int n, java.util.function.IntConsumer visit) {
        String s = spec.replace("[", "").replace("]", "");
        int throttle = s.indexOf('%');
        if (throttle >= 0) {
            s = s.substring(0, throttle);
        }
        for (String piece : s.split(",")) {
            if (piece.isBlank()) {
                continue;
            }
            int dash = piece.indexOf('-');
            try {
                int from = Integer.parseInt(
                        piece.substring(0, dash < 0 ? piece.length() : dash).strip());
                int to = dash < 0
                        ? from
                        : Integer.parseInt(piece.substring(dash + 1).strip());
                for (int i = Math.max(0, from); i <= to && i < n; i++) {
                    visit.accept(i);
                }
            } catch (NumberFormatException e) {
                // A piece SLURM may print that is not an index (never seen); it lists no task we track.
            }
        }
    }

    /** SLURM's job state word in the executor's terms. */
    static JobState state(String slurmState) {
        return switch (slurmState.toUpperCase(Locale.ROOT)) {
            case "PENDING", "CONFIGURING", "REQUEUED", "REQUEUE_HOLD", "REQUEUE_FED", "RESV_DEL_HOLD" ->
                JobState.PENDING;
            case "RUNNING", "COMPLETING", "SUSPENDED", "STOPPED", "SIGNALING", "STAGE_OUT", "RESIZING" ->
                JobState.RUNNING;
            case "COMPLETED" -> JobState.SUCCEEDED;
            case "CANCELLED" -> JobState.CANCELLED;
            case "FAILED",
                    "TIMEOUT",
                    "NODE_FAIL",
                    "OUT_OF_MEMORY",
                    "BOOT_FAIL",
                    "DEADLINE",
                    "PREEMPTED",
                    "SPECIAL_EXIT",
                    "REVOKED" -> JobState.FAILED;
            default -> JobState.UNKNOWN;
        };
    }

    private static final class Builder {
        private final Map<String, Entry> singles = new HashMap<>();
        private final Map<String, List<Part>> arrays = new HashMap<>();
        private final Map<String, List<String>> idsByName = new HashMap<>();

        void add(String jobId, String indices, String slurmState, String reason, String name) {
            Entry entry = new Entry(state(slurmState), slurmState, reason);
            if (indices.isEmpty() || indices.equals("N/A") || indices.equals("(null)")) {
                singles.put(jobId, entry);
            } else {
                arrays.computeIfAbsent(jobId, k -> new ArrayList<>()).add(new Part(indices, entry));
            }
            if (!name.isEmpty()) {
                List<String> ids = idsByName.computeIfAbsent(name, k -> new ArrayList<>());
                if (!ids.contains(jobId)) {
                    ids.add(jobId);
                }
            }
        }

        QueueSnapshot build() {
            return new QueueSnapshot(singles, arrays, idsByName);
        }
    }
}
