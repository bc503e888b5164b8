package io.sightline.pipeline.jobtype;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One typed parameter of a job type: its name (also its job.star variable), default and bounds. Values
 * travel as text (job.star, REST, the database all hold text); {@link #check} turns a text into the
 * canonical text of a valid value or refuses it with the field named.
 */
public sealed interface Param permits Param.Int, Param.Real, Param.Text, Param.Flag, Param.Choice {

    String name();

    String help();

    /** The default as text; null when the value must come from the acquisition or the user. */
    String defaultValue();

    /** The acquisition fact this parameter takes its value from unless overridden; null when none. */
    AcquisitionField from();

    /** The canonical text of {@code text} as a value of this parameter. */
    String check(String text) throws ParameterException;

    /** A short description of the accepted values, for templates in the API and CLI. */
    String accepts();

    /** A whole number in {@code [min, max]}. */
    record Int(String name, String help, Long fallback, long min, long max) implements Param {
        public Int {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public String defaultValue() {
            return fallback == null ? null : fallback.toString();
        }

        @Override
        public AcquisitionField from() {
            return null;
        }

        @Override
        public String check(String text) throws ParameterException {
            long v;
            try {
                v = Long.parseLong(text.strip());
            } catch (NumberFormatException e) {
                throw new ParameterException(name, "'" + text + "' is not a whole number");
            }
            if (v < min || v > max) {
                throw new ParameterException(name, v + " is outside [" + min + ", " + max + "]");
            }
            return Long.toString(v);
        }

        @Override
        public String accepts() {
            return "whole number in [" + min + ", " + max + "]";
        }
    }

    /** A finite number in {@code [min, max]}, possibly filled from the acquisition. */
    record Real(String name, String help, Double fallback, double min, double max, AcquisitionField from)
            implements Param {
        public Real {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public String defaultValue() {
            return fallback == null ? null : format(fallback);
        }

        @Override
        public String check(String text) throws ParameterException {
            double v;
            try {
                v = Double.parseDouble(text.strip());
            } catch (NumberFormatException e) {
                throw new ParameterException(name, "'" + text + "' is not a number");
            }
            if (!Double.isFinite(v) || v < min || v > max) {
                throw new ParameterException(
                        name, text.strip() + " is outside [" + format(min) + ", " + format(max) + "]");
            }
            return format(v);
        }

        @Override
        public String accepts() {
            return "number in [" + format(min) + ", " + format(max) + "]";
        }

        static String format(double v) {
            return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
        }
    }

    /** Free text up to {@code maxLength} characters, no line breaks (job.star cannot hold them). */
    record Text(String name, String help, String defaultValue, int maxLength) implements Param {
        public Text {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public AcquisitionField from() {
            return null;
        }

        @Override
        public String check(String text) throws ParameterException {
            if (text.length() > maxLength) {
                throw new ParameterException(name, "longer than " + maxLength + " characters");
            }
            if (text.chars().anyMatch(c -> c < 0x20)) {
                throw new ParameterException(name, "holds a line break or control character");
            }
            return text;
        }

        @Override
        public String accepts() {
            return "text up to " + maxLength + " characters";
        }
    }

    /** Yes or no, written as RELION writes it ({@code Yes}/{@code No}). */
    record Flag(String name, String help, boolean defaultFlag) implements Param {
        public Flag {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public String defaultValue() {
            return defaultFlag ? "Yes" : "No";
        }

        @Override
        public AcquisitionField from() {
            return null;
        }

        @Override
        public String check(String text) throws ParameterException {
            return switch (text.strip().toLowerCase(Locale.ROOT)) {
                case "yes", "true", "1" -> "Yes";
                case "no", "false", "0" -> "No";
                default -> throw new ParameterException(name, "'" + text + "' is not Yes or No");
            };
        }

        @Override
        public String accepts() {
            return "Yes or No";
        }
    }

    /** One of a fixed list of words. */
    record Choice(String name, String help, String defaultValue, List<String> options) implements Param {
        public Choice {
            Objects.requireNonNull(name, "name");
            options = List.copyOf(options);
        }

        @Override
        public AcquisitionField from() {
            return null;
        }

        @Override
        public String check(String text) throws ParameterException {
            for (String o : options) {
                if (o.equalsIgnoreCase(text.strip())) {
                    return o;
                }
            }
            throw new ParameterException(name, "'" + text + "' is not one of " + options);
        }

        @Override
        public String accepts() {
            return "one of " + String.join(", ", options);
        }
    }
}
