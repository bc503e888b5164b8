package io.sightline.core.wire;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The type of a wire field together with its limits: what JSON it takes, the Java value it becomes and
 * which values both databases can store (a limit is never wider than its column; {@code
 * WireLimitsMatchColumnsTest} in the server holds them together).
 *
 * <p>{@link #read} turns a non-null JSON value into the typed value or a {@link Violation}; {@link #check}
 * tells whether an already typed value fits (the agent uses it before it sends anything).
 */
public sealed interface WireType {

    /** Reads a JSON value that is not {@code null}. */
    Reading read(JsonNode node);

    /** Whether a non-null value of this type's Java type fits the limits; empty when it does. */
    Optional<Violation> check(Object value);

    /**
     * Text ({@link String}): at most {@code maxLength} UTF-16 units (so at most that many characters in
     * either database), never a NUL character (PostgreSQL cannot store one), and one of {@code allowed}
     * when that is not empty.
     */
    record Text(int maxLength, List<String> allowed) implements WireType {
        public Text {
            if (maxLength < 1) {
                throw new IllegalArgumentException("maxLength must be positive, was " + maxLength);
            }
            allowed = List.copyOf(allowed);
            for (String value : allowed) {
                if (value.length() > maxLength) {
                    throw new IllegalArgumentException("'" + value + "' is longer than " + maxLength);
                }
            }
        }

        @Override
        public Reading read(JsonNode node) {
            if (!node.isTextual()) {
                return Reading.refused("must be a string", "string_type");
            }
            return checked(node.textValue());
        }

        @Override
        public Optional<Violation> check(Object value) {
            if (!(value instanceof String text)) {
                return Optional.of(new Violation("must be a string", "string_type"));
            }
            if (!allowed.isEmpty()) {
                return allowed.contains(text)
                        ? Optional.empty()
                        : Optional.of(new Violation("must be one of " + allowed, "enum"));
            }
            if (text.length() > maxLength) {
                return Optional.of(new Violation(
                        "must be at most " + maxLength + " characters (was " + text.length() + ")", "string_too_long"));
            }
            if (text.indexOf('\0') >= 0) {
                return Optional.of(new Violation("must not contain NUL characters (\\u0000)", "string_nul"));
            }
            return Optional.empty();
        }

        /** {@code text} cut to fit, NUL characters replaced by U+FFFD: for what is better shortened than lost (log lines). */
        public String fit(String text) {
            String clean = text.indexOf('\0') >= 0 ? text.replace('\0', '\uFFFD') : text;
            return clean.length() <= maxLength ? clean : clean.substring(0, maxLength - 1) + "…";
        }
    }

    /**
     * An entity id ({@link String}), a "uuid" on the wire as SmartEM names it. SmartEM types ids as plain
     * strings and its agent sends 22-character URL-safe base64 ids; Sightline's agent sends name-based
     * UUIDs. Any of them is taken and kept exactly as sent: 1 to {@link #MAX_LENGTH} characters (the
     * {@code VARCHAR(36)} columns) from {@link #ALPHABET}, so an id is always one URL path segment and
     * never a path separator, and not only dots ({@code .} and {@code ..} are path segments of their own).
     */
    record Uuid() implements WireType {
        /** Longest id: a UUID's canonical form, and the columns' length. */
        public static final int MAX_LENGTH = 36;
        /** The characters an id may use: RFC 3986's unreserved characters. */
        public static final String ALPHABET = "A-Z a-z 0-9 - _ . ~";

        @Override
        public Reading read(JsonNode node) {
            if (!node.isTextual()) {
                return Reading.refused("must be a string id", "string_type");
            }
            Optional<Violation> v = violation(node.textValue());
            return v.isPresent() ? new Reading.Refused(v.get()) : new Reading.Value(node.textValue());
        }

        @Override
        public Optional<Violation> check(Object value) {
            return value instanceof String text
                    ? violation(text)
                    : Optional.of(new Violation("must be a string id", "string_type"));
        }

        /** Why {@code text} is not an id, or empty when it is one. */
        public static Optional<Violation> violation(String text) {
            if (text.isEmpty()) {
                return Optional.of(new Violation("must not be empty", "string_too_short"));
            }
            if (text.length() > MAX_LENGTH) {
                return Optional.of(new Violation(
                        "must be at most " + MAX_LENGTH + " characters (was " + text.length() + ")",
                        "string_too_long"));
            }
            boolean onlyDots = true;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (!isIdChar(c)) {
                    return Optional.of(new Violation(
                            "must use only the characters " + ALPHABET + " (found '" + printable(c) + "' at " + i + ")",
                            "string_pattern_mismatch"));
                }
                onlyDots &= c == '.';
            }
            return onlyDots
                    ? Optional.of(new Violation("must not be only dots", "string_pattern_mismatch"))
                    : Optional.empty();
        }

        /** Whether {@code text} is an id (see the type). */
        public static boolean isId(String text) {
            return text != null && violation(text).isEmpty();
        }

        /** Whether {@code text} is a uuid in its canonical 36-character form (either case). */
        public static boolean isUuid(String text) {
            if (text == null || text.length() != 36) {
                return false;
            }
            try {
                UUID.fromString(text);
                return true;
            } catch (IllegalArgumentException e) {
                return false;
            }
        }

        private static boolean isIdChar(char c) {
            return (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '_'
                    || c == '.'
                    || c == '~';
        }

        private static String printable(char c) {
            return c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c);
        }
    }

    /** A whole number ({@link Long}) from {@code min} to {@code max}. */
    record Whole(long min, long max) implements WireType {
        /** Whole numbers of a JSON float are taken up to this size; beyond it a double is not exact. */
        private static final double EXACT = 9.0e15;

        public Whole {
            if (min > max) {
                throw new IllegalArgumentException("min " + min + " is above max " + max);
            }
        }

        @Override
        public Reading read(JsonNode node) {
            if (node.isIntegralNumber()) {
                if (node.canConvertToLong()) {
                    return checked(node.longValue());
                }
                return new Reading.Refused(node.bigIntegerValue().signum() > 0 ? tooLarge() : tooSmall());
            }
            if (node.isFloatingPointNumber()) {
                double d = node.doubleValue();
                if (d >= EXACT && d > max) {
                    return new Reading.Refused(tooLarge());
                }
                if (d <= -EXACT && d < min) {
                    return new Reading.Refused(tooSmall());
                }
                if (Math.abs(d) < EXACT && d == Math.rint(d)) {
                    return checked((long) d);
                }
            }
            return Reading.refused("must be an integer", "int_type");
        }

        @Override
        public Optional<Violation> check(Object value) {
            if (!(value instanceof Long n)) {
                return Optional.of(new Violation("must be an integer", "int_type"));
            }
            if (n < min) {
                return Optional.of(tooSmall());
            }
            return n > max ? Optional.of(tooLarge()) : Optional.empty();
        }

        private Violation tooSmall() {
            return new Violation("must be at least " + min, "greater_than_equal");
        }

        private Violation tooLarge() {
            return new Violation("must be at most " + max, "less_than_equal");
        }
    }

    /** A finite number ({@link Double}) from {@code min} to {@code max}. */
    record Real(double min, double max) implements WireType {
        public Real {
            if (!(min <= max) || !Double.isFinite(min) || !Double.isFinite(max)) {
                throw new IllegalArgumentException("not a finite range: " + min + " to " + max);
            }
        }

        @Override
        public Reading read(JsonNode node) {
            if (!node.isNumber()) {
                return Reading.refused("must be a number", "float_type");
            }
            return checked(node.doubleValue());
        }

        @Override
        public Optional<Violation> check(Object value) {
            if (!(value instanceof Double d)) {
                return Optional.of(new Violation("must be a number", "float_type"));
            }
            if (!Double.isFinite(d)) {
                return Optional.of(new Violation("must be a finite number", "finite_number"));
            }
            if (d < min) {
                return Optional.of(new Violation("must be at least " + min, "greater_than_equal"));
            }
            return d > max ? Optional.of(new Violation("must be at most " + max, "less_than_equal")) : Optional.empty();
        }
    }

    /** {@code true} or {@code false} ({@link Boolean}). */
    record Flag() implements WireType {
        @Override
        public Reading read(JsonNode node) {
            return node.isBoolean()
                    ? new Reading.Value(node.booleanValue())
                    : Reading.refused("must be true or false", "bool_type");
        }

        @Override
        public Optional<Violation> check(Object value) {
            return value instanceof Boolean
                    ? Optional.empty()
                    : Optional.of(new Violation("must be true or false", "bool_type"));
        }
    }

    /**
     * An ISO-8601 date-time ({@link Instant}, microseconds like the databases): with an offset, or without
     * one read as UTC (SmartEM's naive datetimes), from {@code earliest} to {@code latest}.
     */
    record Time(Instant earliest, Instant latest) implements WireType {
        /**
         * What both databases store and give back unchanged: years 1 to 9999 in UTC. PostgreSQL has no year
         * 0 and refuses five-digit years as text; H2 would take them but the two must agree.
         */
        public static final Time STORABLE =
                new Time(Instant.parse("0001-01-01T00:00:00Z"), Instant.parse("9999-12-31T23:59:59.999999Z"));

        public Time {
            Objects.requireNonNull(earliest, "earliest");
            Objects.requireNonNull(latest, "latest");
        }

        @Override
        public Reading read(JsonNode node) {
            Instant instant = node.isTextual() ? parse(node.textValue()) : null;
            if (instant == null) {
                return Reading.refused("must be an ISO-8601 date-time", "datetime_parsing");
            }
            return checked(instant.truncatedTo(ChronoUnit.MICROS));
        }

        @Override
        public Optional<Violation> check(Object value) {
            if (!(value instanceof Instant instant)) {
                return Optional.of(new Violation("must be an ISO-8601 date-time", "datetime_parsing"));
            }
            if (instant.isBefore(earliest)) {
                return Optional.of(new Violation("must not be before " + earliest, "greater_than_equal"));
            }
            return instant.isAfter(latest)
                    ? Optional.of(new Violation("must not be after " + latest, "less_than_equal"))
                    : Optional.empty();
        }

        /** ISO-8601 with an offset, or without one (read as UTC); null if neither. */
        public static Instant parse(String text) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e) {
                try {
                    return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException e2) {
                    return null;
                }
            }
        }
    }

    /** A JSON object, kept as its JSON text ({@link String}) of at most {@code maxLength} characters. */
    record JsonObject(int maxLength) implements WireType {
        @Override
        public Reading read(JsonNode node) {
            if (!node.isObject()) {
                return Reading.refused("must be a JSON object", "dict_type");
            }
            return checked(node.toString());
        }

        @Override
        public Optional<Violation> check(Object value) {
            if (!(value instanceof String json)) {
                return Optional.of(new Violation("must be a JSON object", "dict_type"));
            }
            return json.length() > maxLength
                    ? Optional.of(new Violation(
                            "must be at most " + maxLength + " characters as JSON (was " + json.length() + ")",
                            "string_too_long"))
                    : Optional.empty();
        }
    }

    /** {@code value} if it fits, else why not. */
    default Reading checked(Object value) {
        Optional<Violation> violation = check(value);
        return violation.isPresent() ? new Reading.Refused(violation.get()) : new Reading.Value(value);
    }
}
