package io.sightline.core.wire;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One field of a wire body: its JSON name, its type with limits, and who sends it.
 *
 * @param name            the JSON name (SmartEM's, snake case); for entities also the column name
 * @param type            what values it takes
 * @param requiredOnCreate whether a new entity must have it
 * @param defaultValue    what a new entity gets when it does not say (null for none)
 * @param notFromAgent    why the Sightline agent never sends it (processing results, workflow
 *                        statuses, ...), or null when the agent does: {@code WireVocabularyTest} in the
 *                        agent holds the agent to it
 */
public record FieldSpec(
        String name, WireType type, boolean requiredOnCreate, Object defaultValue, String notFromAgent) {

    /** The longest path the tables take (longer Windows paths need {@code \\?\}, which EPU does not write). */
    public static final int PATH_LENGTH = 4000;
    /** Names people give (sessions, grids, atlases). */
    public static final int NAME_LENGTH = 1000;
    /** Instrument ids, identifiers, agent ids and short labels. */
    public static final int ID_LENGTH = 200;
    /**
     * Free text and JSON kept in {@code TEXT} columns (payloads, results, log messages): bounded here, not
     * only by the request body limit, so that every process agrees on what fits.
     */
    public static final int TEXT_LENGTH = 1_000_000;

    /** Why the agent does not send a workflow status. */
    public static final String WORKFLOW =
            "a workflow status: the processing and decision services set it as they go, not the instrument's files";
    /** Why the agent does not send an acquisition's instrument and clustering settings. */
    public static final String PER_GRID =
            "EPU writes it per grid (session file, manifests) and a visit may hold several"
                    + " grids: the agent does not report it for the whole acquisition";
    /** Why the agent does not send a processing result. */
    public static final String PROCESSING = "a processing result (motion correction, CTF estimation, particle picking)";

    public FieldSpec {
        Objects.requireNonNull(type, "type");
        if (notFromAgent != null && notFromAgent.isBlank()) {
            throw new IllegalArgumentException("say why the agent does not send it");
        }
    }

    /** Text of at most {@code maxLength} characters. */
    public static FieldSpec text(int maxLength) {
        return of(new WireType.Text(maxLength, List.of()));
    }

    /** A file or folder path. */
    public static FieldSpec path() {
        return text(PATH_LENGTH);
    }

    /** A name people give. */
    public static FieldSpec humanName() {
        return text(NAME_LENGTH);
    }

    /** An identifier or short label. */
    public static FieldSpec id() {
        return text(ID_LENGTH);
    }

    /** One of {@code values}. */
    public static FieldSpec oneOf(String... values) {
        int longest = Arrays.stream(values).mapToInt(String::length).max().orElse(1);
        return of(new WireType.Text(longest, List.of(values)));
    }

    /** The wire name of one of {@code values}. */
    public static FieldSpec oneOf(WireName... values) {
        return oneOf(Arrays.stream(values).map(WireName::wireName).toArray(String[]::new));
    }

    public static FieldSpec uuid() {
        return of(new WireType.Uuid());
    }

    /** A whole number within what a {@code BIGINT} holds. */
    public static FieldSpec whole() {
        return whole(Long.MIN_VALUE, Long.MAX_VALUE);
    }

    public static FieldSpec whole(long min, long max) {
        return of(new WireType.Whole(min, max));
    }

    /** Any finite number. */
    public static FieldSpec real() {
        return real(-Double.MAX_VALUE, Double.MAX_VALUE);
    }

    public static FieldSpec real(double min, double max) {
        return of(new WireType.Real(min, max));
    }

    public static FieldSpec flag() {
        return of(new WireType.Flag());
    }

    /** A date-time both databases store. */
    public static FieldSpec time() {
        return of(WireType.Time.STORABLE);
    }

    /** A JSON object of at most {@code maxLength} characters as text. */
    public static FieldSpec jsonObject(int maxLength) {
        return of(new WireType.JsonObject(maxLength));
    }

    private static FieldSpec of(WireType type) {
        return new FieldSpec(null, type, false, null, null);
    }

    /** This field under {@code name} (declarations name their fields after their enum constants). */
    public FieldSpec named(String name) {
        return new FieldSpec(name, type, requiredOnCreate, defaultValue, notFromAgent);
    }

    public FieldSpec required() {
        return new FieldSpec(name, type, true, defaultValue, notFromAgent);
    }

    public FieldSpec byDefault(Object value) {
        check(value).ifPresent(v -> {
            throw new IllegalArgumentException("default " + value + ": " + v.message());
        });
        return new FieldSpec(name, type, requiredOnCreate, value, notFromAgent);
    }

    /** The agent never sends this field, for the reason given. */
    public FieldSpec notFromAgent(String why) {
        return new FieldSpec(name, type, requiredOnCreate, defaultValue, why);
    }

    public boolean sentByAgent() {
        return notFromAgent == null;
    }

    /** Reads a JSON value: null stays null, anything else is typed and checked against the limits. */
    public Reading read(JsonNode node) {
        return node == null || node.isNull() ? new Reading.Value(null) : type.read(node);
    }

    /**
     * {@code text} made to fit this text field: cut to its length, NUL characters replaced (for what is
     * better shortened than lost, such as log lines and error messages); null stays null.
     */
    public String fit(String text) {
        if (!(type instanceof WireType.Text t)) {
            throw new IllegalStateException(name + " is not a text field");
        }
        return text == null ? null : t.fit(text);
    }

    /** Whether a typed, non-null value fits; empty when it does. */
    public Optional<Violation> check(Object value) {
        return type.check(value);
    }
}
