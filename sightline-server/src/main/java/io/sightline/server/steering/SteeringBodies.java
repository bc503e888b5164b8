package io.sightline.server.steering;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.sightline.server.api.ApiException;
import io.sightline.server.api.ApiException.FieldError;
import io.sightline.server.api.JsonBodies;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the steering endpoints' request bodies into records. Every mistake in a body (malformed JSON
 * included, as SmartEM's FastAPI does) is a 422 listing each field at fault; the acknowledgement
 * also refuses unknown fields ({@code additionalProperties: false} in the SmartEM contract).
 */
public final class SteeringBodies {
    /** The most log entries one batch may carry; more is a 413. */
    public static final int MAX_LOG_BATCH = 1_000;

    private static final List<String> HEARTBEAT_FIELDS =
            List.of("outbox_depth", "outbox_parked", "outbox_oldest_undelivered_seconds", "outbox_newest_parked");

    private static final Set<String> ACK_FIELDS =
            Set.of("status", "result", "error_message", "processing_time_ms", "processed_at");

    private final ObjectMapper mapper;

    public SteeringBodies(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The body as a JSON object; an empty body is an empty object when {@code optional}. */
    public ObjectNode object(Context ctx, boolean optional) {
        byte[] body = ctx.bodyAsBytes();
        if (body.length == 0 || new String(body, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            if (optional) {
                return mapper.createObjectNode();
            }
            throw invalid(List.of("body"), "Field required", "missing");
        }
        JsonNode node;
        try {
            node = mapper.readTree(body);
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
        AckStatus status = null;
        JsonNode s = body.get("status");
        if (s == null || s.isNull()) {
            errors.add("status", "Field required", "missing");
        } else if (!s.isTextual() || AckStatus.parse(s.textValue()).isEmpty()) {
            errors.add("status", "must be one of received, processed, failed, declined", "enum");
        } else {
            status = AckStatus.parse(s.textValue()).orElseThrow();
        }
        Acknowledgement ack = new Acknowledgement(
                status,
                text(body, "result", errors),
                text(body, "error_message", errors),
                integer(body, "processing_time_ms", errors),
                time(body, "processed_at", errors));
        errors.throwIfAny();
        return ack;
    }

    public NewInstruction newInstruction(ObjectNode body) {
        Errors errors = new Errors();
        String type = text(body, "instruction_type", errors);
        if (type == null && !errors.has("instruction_type")) {
            errors.add("instruction_type", "Field required", "missing");
        } else if (type != null && (type.isBlank() || type.length() > 200)) {
            errors.add("instruction_type", "must be 1 to 200 characters", "string_type");
        }
        JsonNode payload = body.get("payload");
        if (payload != null && !payload.isNull() && !payload.isObject()) {
            errors.add("payload", "must be a JSON object", "dict_type");
        }
        Priority priority = Priority.NORMAL;
        JsonNode p = body.get("priority");
        if (p != null && !p.isNull()) {
            if (p.isTextual() && Priority.parse(p.textValue()).isPresent()) {
                priority = Priority.parse(p.textValue()).orElseThrow();
            } else {
                errors.add("priority", "must be one of high, normal, low", "enum");
            }
        }
        Long sequence = integer(body, "sequence_number", errors);
        Instant expiresAt = time(body, "expires_at", errors);
        Duration ttl = null;
        JsonNode in = body.get("expires_in_seconds");
        if (in != null && !in.isNull()) {
            if (in.isNumber() && in.doubleValue() > 0) {
                ttl = Duration.ofMillis(Math.round(in.doubleValue() * 1000));
            } else {
                errors.add("expires_in_seconds", "must be a positive number", "greater_than");
            }
            if (expiresAt != null) {
                errors.add("expires_at", "give expires_at or expires_in_seconds, not both", "value_error");
            }
        }
        Long retries = integer(body, "max_retries", errors);
        if (retries != null && (retries < 0 || retries > 1_000)) {
            errors.add("max_retries", "must be 0 to 1000", "greater_than_equal");
        }
        String id = text(body, "instruction_id", errors);
        if (id != null && !JsonBodies.isUuid(id)) {
            errors.add("instruction_id", "must be a UUID", "uuid_parsing");
        }
        errors.throwIfAny();
        return new NewInstruction(
                id == null ? null : id.toLowerCase(java.util.Locale.ROOT),
                type.strip(),
                payload == null || payload.isNull() ? "{}" : payload.toString(),
                priority,
                sequence,
                expiresAt,
                ttl,
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
        String name = text(body, "name", errors);
        String acquisition = text(body, "acquisition_uuid", errors);
        if (acquisition != null && !JsonBodies.isUuid(acquisition)) {
            errors.add("acquisition_uuid", "must be a UUID", "uuid_parsing");
        }
        JsonNode metadata = body.get("metadata");
        if (metadata == null || metadata.isNull()) {
            metadata = body.get("experimental_parameters"); // SmartEM's debug endpoints' name for it
        }
        if (metadata != null && !metadata.isNull() && !metadata.isObject()) {
            errors.add("metadata", "must be a JSON object", "dict_type");
        }
        errors.throwIfAny();
        return new SessionFields(name, acquisition, metadata == null || metadata.isNull() ? null : metadata.toString());
    }

    /**
     * The outbox figures a heartbeat may carry ({@code outbox_depth} and {@code outbox_parked}, with
     * {@code outbox_oldest_undelivered_seconds} and {@code outbox_newest_parked} when there are any);
     * empty when it carries none, as SmartEM's agents send no body. Other fields are ignored, so that
     * agents may report more than this server keeps.
     */
    public Optional<OutboxReport> heartbeat(ObjectNode body) {
        if (HEARTBEAT_FIELDS.stream().noneMatch(body::has)) {
            return Optional.empty();
        }
        Errors errors = new Errors();
        Long depth = count(body, "outbox_depth", errors);
        Long parked = count(body, "outbox_parked", errors);
        Double oldest = null;
        JsonNode age = body.get("outbox_oldest_undelivered_seconds");
        if (age != null && !age.isNull()) {
            if (age.isNumber() && Double.isFinite(age.doubleValue()) && age.doubleValue() >= 0) {
                oldest = age.doubleValue();
            } else {
                errors.add("outbox_oldest_undelivered_seconds", "must be a number, 0 or more", "greater_than_equal");
            }
        }
        String newest = text(body, "outbox_newest_parked", errors);
        if (newest != null && newest.length() > OutboxReport.MOST_REASON_CHARS) {
            errors.add(
                    "outbox_newest_parked",
                    "must be at most " + OutboxReport.MOST_REASON_CHARS + " characters",
                    "string_too_long");
        }
        errors.throwIfAny();
        return Optional.of(new OutboxReport(depth, parked, oldest, newest));
    }

    /** A required count: an integer, 0 or more. */
    private static Long count(ObjectNode body, String field, Errors errors) {
        Long value = integer(body, field, errors);
        if (value == null && !errors.has(field)) {
            errors.add(field, "Field required", "missing");
        } else if (value != null && value < 0) {
            errors.add(field, "must be 0 or more", "greater_than_equal");
        }
        return value;
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
            Instant at = time(entry, "timestamp", own);
            String level = required(entry, "level", own);
            String logger = required(entry, "logger_name", own);
            String message = required(entry, "message", own);
            if (at == null && !own.has("timestamp")) {
                own.add("timestamp", "Field required", "missing");
            }
            entries.add(new AgentLogEntry(at, level, logger, message));
        }
        errors.throwIfAny();
        return entries;
    }

    private static String required(ObjectNode node, String field, Errors errors) {
        String value = text(node, field, errors);
        if (value == null && !errors.has(field)) {
            errors.add(field, "Field required", "missing");
        }
        return value;
    }

    private static String text(ObjectNode node, String field, Errors errors) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            errors.add(field, "must be a string", "string_type");
            return null;
        }
        return v.textValue();
    }

    private static Long integer(ObjectNode node, String field, Errors errors) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return v.longValue();
        }
        errors.add(field, "must be an integer", "int_type");
        return null;
    }

    private static Instant time(ObjectNode node, String field, Errors errors) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        Instant t = v.isTextual() ? JsonBodies.parseTime(v.textValue()) : null;
        if (t == null) {
            errors.add(field, "must be an ISO-8601 date-time", "datetime_parsing");
        }
        return t;
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

        boolean has(String field) {
            List<String> loc = new ArrayList<>(prefix);
            loc.add(field);
            return all.stream().anyMatch(e -> e.loc().equals(loc));
        }

        void throwIfAny() {
            if (!all.isEmpty()) {
                throw ApiException.unprocessable(all);
            }
        }
    }
}
