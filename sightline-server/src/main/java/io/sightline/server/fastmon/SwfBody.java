package io.sightline.server.fastmon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sightline.core.wire.FileStatus;
import io.sightline.server.http.ApiException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Reads the fields of an swf-monitor request body. swf-monitor (Django REST framework) answers every
 * invalid field with 400, so these do too, naming the field and what is wrong with it.
 */
final class SwfBody {
    private final ObjectNode node;
    private final String where;

    SwfBody(ObjectNode node, String where) {
        this.node = node;
        this.where = where;
    }

    ObjectNode node() {
        return node;
    }

    private ApiException bad(String field, String what) {
        return ApiException.badRequest(where + field + ": " + what);
    }

    private JsonNode get(String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v;
    }

    String text(String field, int max, boolean required) {
        JsonNode v = get(field);
        if (v == null) {
            if (required) {
                throw bad(field, "this field is required");
            }
            return null;
        }
        if (!v.isTextual()) {
            throw bad(field, "must be a string, got " + v.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        String s = v.asText();
        if (required && s.isBlank()) {
            throw bad(field, "may not be blank");
        }
        if (s.length() > max) {
            throw bad(field, "at most " + max + " characters, got " + s.length());
        }
        if (s.indexOf('\0') >= 0) {
            throw bad(field, "may not contain NUL");
        }
        return s;
    }

    /** A whole number; a string of digits is accepted as DRF does. */
    Long whole(String field, long min, long max, boolean required) {
        JsonNode v = get(field);
        if (v == null) {
            if (required) {
                throw bad(field, "this field is required");
            }
            return null;
        }
        long value;
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            value = v.asLong();
        } else if (v.isTextual() && v.asText().strip().matches("-?\\d{1,18}")) {
            value = Long.parseLong(v.asText().strip());
        } else {
            throw bad(field, "must be a whole number, got " + v);
        }
        if (value < min || value > max) {
            throw bad(field, "must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    Integer integer(String field, int min, boolean required) {
        Long v = whole(field, min, Integer.MAX_VALUE, required);
        return v == null ? null : v.intValue();
    }

    FileStatus status(String field) {
        JsonNode v = get(field);
        if (v == null) {
            return FileStatus.REGISTERED;
        }
        return FileStatus.parse(v.isTextual() ? v.asText() : v.toString())
                .orElseThrow(() -> bad(field, "'" + v.asText() + "' is not one of " + FileStatus.ALLOWED));
    }

    Instant time(String field, Instant orElse) {
        String s = text(field, 64, false);
        if (s == null) {
            return orElse;
        }
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return java.time.LocalDateTime.parse(s).toInstant(java.time.ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                throw bad(field, "not an ISO 8601 date-time: '" + s + "'");
            }
        }
    }

    /** A JSON object or array kept as text; null when absent. */
    String json(String field) {
        JsonNode v = get(field);
        if (v == null) {
            return null;
        }
        if (!v.isContainerNode()) {
            throw bad(field, "must be a JSON object");
        }
        return v.toString();
    }

    static Long parseFilterNumber(String name, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        if (!raw.strip().matches("\\d{1,18}")) {
            throw ApiException.badRequest("query parameter " + name + " must be digits, got '" + raw + "'");
        }
        return Long.parseLong(raw.strip());
    }

    static String parseFilterStatus(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        return FileStatus.parse(raw.strip())
                .orElseThrow(() -> ApiException.badRequest(
                        "query parameter status: '" + raw + "' is not one of " + FileStatus.ALLOWED))
                .wireName();
    }
}
