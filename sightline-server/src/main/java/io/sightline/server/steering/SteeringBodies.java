package io.sightline.server.steering;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.sightline.core.wire.AckField;
import io.sightline.core.wire.AckStatus;
import io.sightline.core.wire.HeartbeatField;
import io.sightline.core.wire.InstructionField;
import io.sightline.core.wire.LogField;
import io.sightline.core.wire.Priority;
import io.sightline.core.wire.Reading;
import io.sightline.core.wire.SessionField;
import io.sightline.core.wire.Violation;
import io.sightline.core.wire.WireField;
import io.sightline.server.api.JsonBodies;
import io.sightline.server.http.ApiException;
import io.sightline.server.http.ApiException.FieldError;
import io.sightline.server.http.JsonRequest;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads the steering endpoints' request bodies into records, each field against its declaration in the
 * wire vocabulary ({@link AckField}, {@link InstructionField}, {@link SessionField}, {@link LogField},
 * {@link HeartbeatField}).
 * Every mistake in a body (malformed JSON included, as SmartEM's FastAPI does; a value too long, out of
 * range or holding NUL) is a 422 listing each field at fault; the acknowledgement also refuses unknown
 * fields ({@code additionalProperties: false} in the SmartEM contract).
 */
public final class SteeringBodies {
    /** The most log entries one batch may carry; more is a 413. */
    public static final int MAX_LOG_BATCH = 1_000;

    private static final Set<String> ACK_FIELDS =
            Arrays.stream(AckField.values()).map(AckField::wireName).collect(Collectors.toUnmodifiableSet());

    private final ObjectMapper mapper;
    private final ObjectReader reader;

    public SteeringBodies(ObjectMapper mapper) {
        this.mapper = mapper;
        this.reader = JsonRequest.reader(mapper);
    }

    /** The body as a JSON object; an empty body is an empty object when {@code optional}. */
    public ObjectNode object(Context ctx, boolean optional) {
        byte[] body = ctx.bodyAsBytes();
        if (body.length > 0) {
            JsonRequest.requireJson(ctx);
        }
        if (body.length == 0 || new String(body, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            if (optional) {
                return mapper.createObjectNode();
            }
            throw invalid(List.of("body"), "Field required", "missing");
        }
        JsonNode node;
        try {
            node = reader.readTree(body);
        } catch (JsonProcessingException e) {
            throw invalid(List.of("body"), "JSON decode error: " + e.getOriginalMessage(), "json_invalid");
        } catch (IOException e) {
            throw invalid(List.of("body"), "the body could not be read: " + e.getMessage(), "json_invalid");
        }
        if (node instanceof ObjectNode object) {
            return object;
        }
        throw invalid(List.of("body"), "expected a JSON object", "model_type");
    }

    public Acknowledgement acknowledgement(ObjectNode body) {
        Errors errors = new Errors();
        body.fieldNames().forEachRemaining(name -> {
            if (!ACK_FIELDS.contains(name)) {
                errors.add(name, "Extra inputs are not permitted", "extra_forbidden");
            }
        });
        String status = errors.read(body, AckField.STATUS, String.class);
        String result = errors.read(body, AckField.RESULT, String.class);
        String error = errors.read(body, AckField.ERROR_MESSAGE, String.class);
        Long time = errors.read(body, AckField.PROCESSING_TIME_MS, Long.class);
        Instant processedAt = errors.read(body, AckField.PROCESSED_AT, Instant.class);
        errors.throwIfAny();
        // read to validate it; kept as written, since a naive local time has no zone the server could know
        String clientProcessedAt = processedAt == null
                ? null
                : body.get(AckField.PROCESSED_AT.wireName()).asText();
        return new Acknowledgement(AckStatus.parse(status).orElseThrow(), result, error, time, clientProcessedAt);
    }

    public NewInstruction newInstruction(ObjectNode body) {
        Errors errors = new Errors();
        String type = errors.read(body, InstructionField.INSTRUCTION_TYPE, String.class);
        if (type != null && type.isBlank()) {
            errors.add(InstructionField.INSTRUCTION_TYPE.wireName(), "must not be blank", "string_too_short");
        }
        String payload = errors.read(body, InstructionField.PAYLOAD, String.class);
        String priority = errors.read(body, InstructionField.PRIORITY, String.class);
        Long sequence = errors.read(body, InstructionField.SEQUENCE_NUMBER, Long.class);
        Instant expiresAt = errors.read(body, InstructionField.EXPIRES_AT, Instant.class);
        Double expiresIn = errors.read(body, InstructionField.EXPIRES_IN_SECONDS, Double.class);
        if (body.hasNonNull(InstructionField.EXPIRES_IN_SECONDS.wireName())
                && body.hasNonNull(InstructionField.EXPIRES_AT.wireName())) {
            errors.add(
                    InstructionField.EXPIRES_AT.wireName(),
                    "give expires_at or expires_in_seconds, not both",
                    "value_error");
        }
        Long retries = errors.read(body, InstructionField.MAX_RETRIES, Long.class);
        String id = errors.read(body, InstructionField.INSTRUCTION_ID, String.class);
        errors.throwIfAny();
        return new NewInstruction(
                id,
                type.strip(),
                payload == null ? "{}" : payload,
                priority == null ? Priority.NORMAL : Priority.parse(priority).orElseThrow(),
                sequence,
                expiresAt,
                expiresIn == null ? null : Duration.ofMillis(Math.round(expiresIn * 1000)),
                retries == null ? NewInstruction.DEFAULT_MAX_RETRIES : retries.intValue());
    }

    /** Whether two stored payloads are the same JSON (key order aside). */
    public boolean samePayload(String a, String b) {
        try {
            return mapper.readTree(a).equals(mapper.readTree(b));
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    /** The fields a session is created with ({@code name}, {@code acquisition_uuid}, {@code metadata}). */
    public record SessionFields(String name, String acquisitionUuid, String metadataJson) {}

    public SessionFields session(ObjectNode body) {
        Errors errors = new Errors();
        String name = errors.read(body, SessionField.NAME, String.class);
        String acquisition = errors.read(body, SessionField.ACQUISITION_UUID, String.class);
        String metadata = errors.read(body, SessionField.METADATA, String.class);
        if (metadata == null) {
            // SmartEM's debug endpoints' name for it
            metadata = errors.read(body, SessionField.EXPERIMENTAL_PARAMETERS, String.class);
        }
        errors.throwIfAny();
        return new SessionFields(name, acquisition, metadata);
    }

    /** The {@code session_id} a debug body chooses, or null: an id by the id rules ({@code WireType.Uuid}). */
    public String sessionId(ObjectNode body) {
        Errors errors = new Errors();
        String id = errors.read(body, SessionField.SESSION_ID, String.class);
        errors.throwIfAny();
        return id;
    }

    /**
     * A SmartEM debug body's {@code expires_in_minutes} as SmartEM reads it (default 60; 0 or null: no
     * expiry), moved to {@code expires_in_seconds} unless the body gives an expiry of its own.
     */
    public ObjectNode withDebugInstructionDefaults(ObjectNode body) {
        ObjectNode b = body.deepCopy();
        if (!b.has(InstructionField.INSTRUCTION_TYPE.wireName())) {
            b.put(InstructionField.INSTRUCTION_TYPE.wireName(), "test.instruction");
        }
        if (!b.has(InstructionField.PAYLOAD.wireName())) {
            b.putObject(InstructionField.PAYLOAD.wireName()).put("test", true);
        }
        String field = InstructionField.EXPIRES_IN_MINUTES.wireName();
        JsonNode raw = b.get(field);
        boolean noExpiry = raw != null && (raw.isNull() || (raw.isNumber() && raw.doubleValue() == 0));
        Double minutes = null;
        if (raw != null && !noExpiry) {
            Errors errors = new Errors();
            minutes = errors.read(b, InstructionField.EXPIRES_IN_MINUTES, Double.class);
            errors.throwIfAny();
        }
        b.remove(field);
        boolean ownExpiry = b.hasNonNull(InstructionField.EXPIRES_IN_SECONDS.wireName())
                || b.hasNonNull(InstructionField.EXPIRES_AT.wireName());
        if (!ownExpiry && !noExpiry) {
            b.put(InstructionField.EXPIRES_IN_SECONDS.wireName(), (minutes == null ? 60 : minutes) * 60);
        }
        return b;
    }

    /** The {@code agent_id} of a debug body: required, not blank, within its limits. */
    public String agentId(ObjectNode body) {
        Errors errors = new Errors();
        String agentId = errors.read(body, SessionField.AGENT_ID, String.class);
        if (agentId != null && agentId.isBlank()) {
            errors.add(SessionField.AGENT_ID.wireName(), "must not be blank", "string_too_short");
        }
        errors.throwIfAny();
        return agentId.strip();
    }

    /**
     * An agent id from a path: why it cannot name an agent (too long, NUL, blank), or empty when it can.
     */
    public static Optional<Violation> agentIdProblem(String agentId) {
        if (agentId.isBlank()) {
            return Optional.of(new Violation("must not be blank", "string_too_short"));
        }
        return SessionField.AGENT_ID.spec().check(agentId);
    }

    /**
     * The outbox figures a heartbeat may carry ({@code outbox_depth} and {@code outbox_parked}, with
     * {@code outbox_oldest_undelivered_seconds} and {@code outbox_newest_parked} when there are any);
     * empty when it carries none, as SmartEM's agents send no body. Other fields are ignored, so that
     * agents may report more than this server keeps.
     */
    public Optional<OutboxReport> heartbeat(ObjectNode body) {
        if (Arrays.stream(HeartbeatField.values()).noneMatch(f -> body.has(f.wireName()))) {
            return Optional.empty();
        }
        Errors errors = new Errors();
        Long depth = errors.read(body, HeartbeatField.OUTBOX_DEPTH, Long.class);
        Long parked = errors.read(body, HeartbeatField.OUTBOX_PARKED, Long.class);
        Double oldest = errors.read(body, HeartbeatField.OUTBOX_OLDEST_UNDELIVERED_SECONDS, Double.class);
        String newest = errors.read(body, HeartbeatField.OUTBOX_NEWEST_PARKED, String.class);
        errors.throwIfAny();
        return Optional.of(new OutboxReport(depth, parked, oldest, newest));
    }

    /** A log batch; over {@link #MAX_LOG_BATCH} entries is a 413. */
    public List<AgentLogEntry> logs(ObjectNode body) {
        JsonNode logs = body.get("logs");
        if (logs == null || !logs.isArray()) {
            throw invalid(List.of("body", "logs"), logs == null ? "Field required" : "must be a list", "missing");
        }
        if (logs.size() > MAX_LOG_BATCH) {
            throw ApiException.tooLargeBatch(logs.size(), MAX_LOG_BATCH);
        }
        Errors errors = new Errors();
        List<AgentLogEntry> entries = new ArrayList<>(logs.size());
        for (int i = 0; i < logs.size(); i++) {
            JsonNode e = logs.get(i);
            if (!(e instanceof ObjectNode entry)) {
                errors.add(List.of("body", "logs", Integer.toString(i)), "expected a JSON object", "model_type");
                continue;
            }
            Errors own = errors.at("logs", Integer.toString(i));
            entries.add(new AgentLogEntry(
                    own.read(entry, LogField.TIMESTAMP, Instant.class),
                    own.read(entry, LogField.LEVEL, String.class),
                    own.read(entry, LogField.LOGGER_NAME, String.class),
                    own.read(entry, LogField.MESSAGE, String.class)));
        }
        errors.throwIfAny();
        return entries;
    }

    private static ApiException invalid(List<String> loc, String msg, String type) {
        return ApiException.unprocessable(List.of(new FieldError(loc, msg, type)));
    }

    /** Field errors collected under a location prefix, shared with nested collectors. */
    private static final class Errors {
        private final List<FieldError> all;
        private final List<String> prefix;

        Errors() {
            this(new ArrayList<>(), List.of("body"));
        }

        private Errors(List<FieldError> all, List<String> prefix) {
            this.all = all;
            this.prefix = prefix;
        }

        Errors at(String... more) {
            List<String> p = new ArrayList<>(prefix);
            p.addAll(List.of(more));
            return new Errors(all, p);
        }

        void add(String field, String msg, String type) {
            List<String> loc = new ArrayList<>(prefix);
            loc.add(field);
            all.add(new FieldError(loc, msg, type));
        }

        void add(List<String> loc, String msg, String type) {
            all.add(new FieldError(loc, msg, type));
        }

        /**
         * The value of {@code field} in {@code node}, typed and within its limits; null when it is absent or
         * null (a required one is then an error) or when it does not fit (an error naming it).
         */
        <T> T read(ObjectNode node, WireField field, Class<T> type) {
            JsonNode value = node.get(field.wireName());
            if (value == null || value.isNull()) {
                if (field.spec().requiredOnCreate()) {
                    add(field.wireName(), "Field required", "missing");
                }
                return null;
            }
            Reading.Value typed = JsonBodies.read(field.spec(), value, prefix, all);
            return typed == null ? null : type.cast(typed.value());
        }

        void throwIfAny() {
            if (!all.isEmpty()) {
                throw ApiException.unprocessable(all);
            }
        }
    }
}
