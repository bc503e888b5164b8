package io.sightline.pipeline.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a resource profile may hold, wherever it comes from (the server's {@code --slurm-*} site defaults, a run
 * request's overrides): SLURM's own spellings for memory and time, whole numbers within bounds, and names that
 * cannot break out of the {@code #SBATCH} line they are written into. Pure; the callers turn the problems into
 * their own errors (an exit at start, a 422 naming the field).
 */
public final class ResourceChecks {
    /** SLURM's memory: a number with an optional unit ({@code 4000M}, {@code 64G}). */
    private static final Pattern MEMORY = Pattern.compile("\\d+[KMGT]?");
    /** SLURM's time: minutes, or [D-]H[:MM[:SS]] ({@code 90}, {@code 3:30:00}, {@code 1-00:00:00}). */
    private static final Pattern TIME = Pattern.compile("(\\d+-)?\\d+(:\\d{1,2}){0,2}");
    /** A partition name or a comma-separated list of them. */
    private static final Pattern PARTITION = Pattern.compile("[A-Za-z0-9_.,-]{1,200}");
    /** A template slot's own value (a constraint such as {@code "g2|g3"}): no quotes, no shell, no line break. */
    private static final Pattern EXTRA = Pattern.compile("[A-Za-z0-9_.,:|&=+/@%\\[\\]()!*-]{1,200}");

    public static final int MAX_NODES = 10_000;
    public static final int MAX_TASKS = 100_000;
    public static final int MAX_CPUS = 4_096;
    public static final int MAX_GPUS = 64;

    /** One value that may not be used: the field's JSON name ({@code memory}, {@code extras.2}) and why. */
    public record Problem(String field, String message) {}

    private ResourceChecks() {}

    public static boolean validMemory(String value) {
        return MEMORY.matcher(value).matches();
    }

    public static boolean validTime(String value) {
        return TIME.matcher(value).matches();
    }

    /** Every problem of {@code p}; empty when it may be used. */
    public static List<Problem> problems(ResourceProfile p) {
        List<Problem> out = new ArrayList<>();
        if (p.partition() != null && !PARTITION.matcher(p.partition()).matches()) {
            out.add(new Problem(
                    "partition", "a partition name (letters, digits, _ . - and commas), got '" + p.partition() + "'"));
        }
        whole(out, "nodes", p.nodes(), 1, MAX_NODES);
        whole(out, "tasks", p.tasks(), 1, MAX_TASKS);
        whole(out, "cpus", p.cpusPerTask(), 1, MAX_CPUS);
        whole(out, "gpus", p.gpus(), 0, MAX_GPUS);
        if (p.memory() != null && !validMemory(p.memory())) {
            out.add(new Problem("memory", "a size such as 4000M or 64G, got '" + p.memory() + "'"));
        }
        if (p.time() != null && !validTime(p.time())) {
            out.add(new Problem("time", "a time such as 90, 3:30:00 or 1-00:00:00, got '" + p.time() + "'"));
        }
        for (Map.Entry<Integer, String> e : p.extras().entrySet()) {
            if (e.getValue() == null || !EXTRA.matcher(e.getValue()).matches()) {
                out.add(new Problem(
                        "extras." + e.getKey(),
                        "1 to 200 letters, digits or _ . , : | & = + / @ % [ ] ( ) ! * -, got '" + e.getValue() + "'"));
            }
        }
        return out;
    }

    private static void whole(List<Problem> out, String field, Integer value, int min, int max) {
        if (value != null && (value < min || value > max)) {
            out.add(new Problem(field, value + " is outside [" + min + ", " + max + "]"));
        }
    }
}
