package io.sightline.core.relion;

import io.sightline.core.star.StarBlock;
import io.sightline.core.star.StarFile;
import io.sightline.core.star.StarLoop;
import io.sightline.core.star.StarPair;
import io.sightline.core.star.StarRow;
import io.sightline.core.text.TextReadException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A RELION {@code job.star}: the job's type and flags ({@code data_job}) and its options
 * ({@code data_joboptions_values}, one variable and value per row).
 *
 * @param type the job type, e.g. {@code relion.importtomo} or {@code relion.external}; in a RELION 3.0 file,
 *     which has only a number ({@code _rlnJobType}), that number
 * @param isContinue {@code _rlnJobIsContinue}
 * @param isTomo {@code _rlnJobIsTomo} (false when absent, as in RELION 3)
 * @param options the options in file order
 * @param star the file the view reads, kept so that writing it back changes only what was changed
 */
public record JobStar(String type, boolean isContinue, boolean isTomo, List<JobOption> options, StarFile star) {

    static final String JOB = "job";
    static final String OPTIONS = "joboptions_values";
    static final String TYPE_LABEL = "rlnJobTypeLabel";
    static final String TYPE_CODE = "rlnJobType";
    static final String IS_CONTINUE = "rlnJobIsContinue";
    static final String IS_TOMO = "rlnJobIsTomo";
    static final String VARIABLE = "rlnJobOptionVariable";
    static final String VALUE = "rlnJobOptionValue";

    public JobStar {
        Objects.requireNonNull(type, "type");
        options = List.copyOf(options);
        Objects.requireNonNull(star, "star");
    }

    /** Reads the view from a STAR file; {@code file} names it in errors. */
    public static JobStar of(StarFile star, Path file) throws TextReadException {
        StarFields f = new StarFields(star, file, "job.star");
        StarBlock job = f.block(JOB);
        Optional<StarPair> label = job.pair(TYPE_LABEL);
        String type =
                label.isPresent() ? label.get().value() : f.pair(job, TYPE_CODE).value();
        boolean isContinue = f.bool(f.pair(job, IS_CONTINUE));
        Optional<StarPair> tomo = job.pair(IS_TOMO);
        boolean isTomo = tomo.isPresent() && f.bool(tomo.get());
        StarLoop loop = f.loop(OPTIONS);
        int variable = f.column(loop, VARIABLE);
        int value = f.column(loop, VALUE);
        List<JobOption> options = new ArrayList<>();
        for (StarRow row : loop.rows()) {
            options.add(new JobOption(row.value(variable), row.value(value)));
        }
        return new JobStar(type, isContinue, isTomo, options, star);
    }

    /** A new job.star in RELION 5's layout. */
    public static JobStar create(String type, boolean isContinue, boolean isTomo, List<JobOption> options) {
        StarBlock job = StarBlock.of(
                JOB,
                RelionFiles.VERSION,
                List.of(
                        StarPair.of(TYPE_LABEL, type),
                        StarPair.of(IS_CONTINUE, StarFields.bool(isContinue)),
                        StarPair.of(IS_TOMO, StarFields.bool(isTomo))));
        StarLoop loop = StarLoop.of(
                List.of(VARIABLE, VALUE),
                options.stream().map(o -> StarRow.of(o.name(), o.value())).toList());
        StarBlock values = StarBlock.of(OPTIONS, RelionFiles.VERSION, List.of(loop));
        return new JobStar(type, isContinue, isTomo, options, StarFile.of(List.of(job, values)));
    }

    /** The value of option {@code name}, if the job has it. */
    public Optional<String> option(String name) {
        return options.stream()
                .filter(o -> o.name().equals(name))
                .map(JobOption::value)
                .findFirst();
    }

    /** The same job with option {@code name} set: its row changed in place, or a row added at the end. */
    public JobStar withOption(String name, String value) {
        StarBlock block = star.block(OPTIONS).orElseThrow();
        StarLoop loop = block.loop().orElseThrow();
        int variable = loop.column(VARIABLE);
        int valueColumn = loop.column(VALUE);
        List<JobOption> changed = new ArrayList<>(options);
        for (int i = 0; i < loop.rows().size(); i++) {
            StarRow row = loop.rows().get(i);
            if (row.value(variable).equals(name)) {
                changed.set(i, new JobOption(name, value));
                StarLoop edited = loop.withRow(i, row.with(valueColumn, value));
                return new JobStar(type, isContinue, isTomo, changed, star.with(block.withLoop(edited)));
            }
        }
        String[] row = new String[loop.columns().size()];
        java.util.Arrays.fill(row, "");
        row[variable] = name;
        row[valueColumn] = value;
        changed.add(new JobOption(name, value));
        return new JobStar(type, isContinue, isTomo, changed, star.with(block.withLoop(loop.plus(StarRow.of(row)))));
    }

    /** The same job marked as continuing (or not). */
    public JobStar withContinue(boolean newValue) {
        StarBlock job = star.block(JOB).orElseThrow();
        return new JobStar(
                type, newValue, isTomo, options, star.with(job.withValue(IS_CONTINUE, StarFields.bool(newValue))));
    }
}
