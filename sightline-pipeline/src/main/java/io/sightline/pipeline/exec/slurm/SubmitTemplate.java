package io.sightline.pipeline.exec.slurm;

import io.sightline.pipeline.exec.ResourceProfile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An sbatch script template in CryoBoost's (and RELION's) qsub style: {@code XXXextra1XXX .. XXXextra8XXX}
 * for the resources, {@code XXXoutfileXXX} / {@code XXXerrfileXXX} for the job's standard output and error,
 * {@code XXXcommandXXX} for what runs (contracts/cryoboost.md A11).
 *
 * <p>Rendering rules, so that one site template serves every job:
 * <ul>
 *   <li>a line whose {@code XXXextraNXXX} has no value is left out (an {@code #SBATCH --gres=} with nothing
 *       after it would be refused by sbatch);</li>
 *   <li>a line that mentions {@code RELION_JOB_EXIT_} is left out: the executor writes the markers itself,
 *       per task for arrays, because a template's markers written by every array task would tell the
 *       scheduler that the whole job ended when its first task did (the defect noted in A11);</li>
 *   <li>any other {@code XXX...XXX} is refused when the template is read, naming it and its line (CryoBoost's
 *       {@code XXXcrboost_rootXXX} is filled once by its preflight; fill it in the file).</li>
 * </ul>
 *
 * <p>The CryoBoost slots: 1 partition, 2 constraint, 3 nodes, 4 tasks per node, 5 CPUs per task, 6 gres,
 * 7 memory, 8 wall time. {@link #extras} fills them from the profile's typed fields and takes a slot from
 * {@link ResourceProfile#extras()} where the typed field is absent (the constraint has no typed field).
 */
public final class SubmitTemplate {

    private static final Pattern PLACEHOLDER = Pattern.compile("XXX([A-Za-z0-9_]+)XXX");
    private static final Pattern EXTRA = Pattern.compile("XXXextra([1-8])XXX");
    private static final Set<String> KNOWN = Set.of(
            "extra1", "extra2", "extra3", "extra4", "extra5", "extra6", "extra7", "extra8", "outfile", "errfile",
            "command");

    private final String origin;
    private final List<String> lines;

    private SubmitTemplate(String origin, List<String> lines) {
        this.origin = origin;
        this.lines = lines;
    }

    /** Reads {@code text}; {@code origin} (a file name) is named in errors. */
    public static SubmitTemplate parse(String text, String origin) {
        Objects.requireNonNull(origin, "origin");
        List<String> lines = text.lines().toList();
        boolean hasCommand = false;
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = PLACEHOLDER.matcher(lines.get(i));
            while (m.find()) {
                if (!KNOWN.contains(m.group(1))) {
                    throw new IllegalArgumentException(origin + " line " + (i + 1) + ": unknown placeholder "
                            + m.group() + " (known: XXXextra1XXX..XXXextra8XXX, XXXoutfileXXX, XXXerrfileXXX,"
                            + " XXXcommandXXX)");
                }
                hasCommand |= m.group(1).equals("command");
            }
        }
        if (!hasCommand) {
            throw new IllegalArgumentException(origin + ": no XXXcommandXXX line, so the job would run nothing");
        }
        return new SubmitTemplate(origin, lines);
    }

    /** The template shipped with Sightline ({@code qsub.template.sh} beside this class). */
    public static SubmitTemplate standard() {
        String name = "qsub.template.sh";
        try (InputStream in = SubmitTemplate.class.getResourceAsStream(name)) {
            return parse(new String(Objects.requireNonNull(in, name).readAllBytes(), StandardCharsets.UTF_8), name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String origin() {
        return origin;
    }

    /** The values of the eight slots for {@code profile}; a slot without a value is absent. */
    public static Map<Integer, String> extras(ResourceProfile profile) {
        java.util.TreeMap<Integer, String> slots = new java.util.TreeMap<>();
        Map<Integer, String> given = profile.extras();
        put(slots, 1, Optional.ofNullable(profile.partition()), given);
        put(slots, 2, Optional.empty(), given);
        put(slots, 3, Optional.ofNullable(profile.nodes()).map(String::valueOf), given);
        put(slots, 4, Optional.ofNullable(profile.tasks()).map(String::valueOf), given);
        put(slots, 5, Optional.ofNullable(profile.cpusPerTask()).map(String::valueOf), given);
        put(slots, 6, Optional.ofNullable(profile.gpus()).filter(g -> g > 0).map(g -> "gpu:" + g), given);
        put(slots, 7, Optional.ofNullable(profile.memory()), given);
        put(slots, 8, Optional.ofNullable(profile.time()), given);
        return slots;
    }

    private static void put(Map<Integer, String> slots, int slot, Optional<String> typed, Map<Integer, String> given) {
        Optional<String> value = typed.or(() -> Optional.ofNullable(given.get(slot)));
        value.filter(v -> !v.isBlank()).ifPresent(v -> {
            if (v.contains("\n") || v.contains("\r")) {
                throw new IllegalArgumentException("XXXextra" + slot + "XXX may not contain a line break: " + v);
            }
            slots.put(slot, v.strip());
        });
    }

    /**
     * The script: {@code extras} in their slots, {@code outfile}/{@code errfile} in theirs, and the lines of
     * {@code commandLines} in place of the {@code XXXcommandXXX} line.
     */
    public String render(Map<Integer, String> extras, String outfile, String errfile, List<String> commandLines) {
        StringBuilder script = new StringBuilder();
        for (String line : lines) {
            if (line.contains("RELION_JOB_EXIT_")) {
                continue;
            }
            Matcher extra = EXTRA.matcher(line);
            boolean missing = false;
            while (extra.find()) {
                missing |= !extras.containsKey(Integer.parseInt(extra.group(1)));
            }
            if (missing) {
                continue;
            }
            if (line.contains("XXXcommandXXX")) {
                commandLines.forEach(l -> script.append(l).append('\n'));
                continue;
            }
            String filled = line.replace("XXXoutfileXXX", outfile).replace("XXXerrfileXXX", errfile);
            for (Map.Entry<Integer, String> e : extras.entrySet()) {
                filled = filled.replace("XXXextra" + e.getKey() + "XXX", e.getValue());
            }
            script.append(filled).append('\n');
        }
        return script.toString();
    }
}
