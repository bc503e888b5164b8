package io.sightline.server.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sightline.core.image.ImageFormat;
import io.sightline.core.image.ImageHeader;
import io.sightline.core.image.ImageReadException;
import io.sightline.core.image.formats.ImageFormats;
import io.sightline.core.wire.DataObjectField;
import io.sightline.core.wire.Reading;
import io.sightline.core.wire.WireField;
import io.sightline.server.api.JsonBodies;
import io.sightline.server.http.ApiException;
import io.sightline.server.http.ApiException.FieldError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Reads registration bodies (one object, or a JSON array of them) into {@link NewDataObject}s: each field
 * against its declaration in {@link DataObjectField}, the path through the {@link StorageRoots}, then stat
 * and, for the formats Sightline reads, the header for what the producer did not say. Every mistake is a
 * 422 naming the field and the item; a header that cannot be read is one too, naming the file.
 */
final class DataObjectBodies {
    /** The most objects one request may register; more is a 413. */
    static final int MAX_BATCH = 5_000;

    private static final Pattern CHECKSUM = Pattern.compile("^sha256:[0-9a-fA-F]{64}$");

    private final StorageRoots roots;
    private final ImageFormats formats;

    DataObjectBodies(StorageRoots roots, ImageFormats formats) {
        this.roots = roots;
        this.formats = formats;
    }

    /** The objects of a body; {@code batch} tells whether it was an array. */
    record Items(List<NewDataObject> objects, boolean batch) {}

    Items read(JsonNode body) {
        if (body instanceof ObjectNode object) {
            return new Items(List.of(one(object, List.of("body"))), false);
        }
        if (!(body instanceof ArrayNode array)) {
            throw ApiException.unprocessable(
                    List.of(new FieldError(List.of("body"), "expected a data object or a list of them", "model_type")));
        }
        if (array.size() > MAX_BATCH) {
            throw ApiException.tooLargeBatch(array.size(), MAX_BATCH);
        }
        List<NewDataObject> objects = new ArrayList<>(array.size());
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            List<String> loc = List.of("body", Integer.toString(i));
            if (!(array.get(i) instanceof ObjectNode item)) {
                errors.add(new FieldError(loc, "expected a data object", "model_type"));
                continue;
            }
            try {
                objects.add(one(item, loc));
            } catch (ApiException e) {
                if (e.errors().isEmpty()) {
                    throw e;
                }
                errors.addAll(e.errors());
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.unprocessable(errors);
        }
        return new Items(objects, true);
    }

    private NewDataObject one(ObjectNode node, List<String> loc) {
        List<FieldError> errors = new ArrayList<>();
        String uid = text(node, DataObjectField.UID, loc, errors);
        if (uid != null && !DataObjectField.validUid(uid)) {
            errors.add(error(loc, "uid", "must be 1 to 36 letters, digits, '-' or '_'", "string_pattern_mismatch"));
        }
        String path = text(node, DataObjectField.PATH, loc, errors);
        String kind = text(node, DataObjectField.KIND, loc, errors);
        String session = text(node, DataObjectField.SESSION, loc, errors);
        String dtype = text(node, DataObjectField.DTYPE, loc, errors);
        String checksum = text(node, DataObjectField.CHECKSUM, loc, errors);
        if (checksum != null && !CHECKSUM.matcher(checksum).matches()) {
            errors.add(error(loc, "checksum", "must be sha256: and 64 hex digits", "string_pattern_mismatch"));
        }
        String entity = text(node, DataObjectField.ENTITY_UUID, loc, errors);
        String metadata = text(node, DataObjectField.METADATA, loc, errors);
        List<Integer> shape = shape(node.get("shape"), loc, errors);
        List<String> parents = parents(node.get("parents"), loc, errors);
        for (String name : List.of("path", "kind", "session")) {
            if (node.hasNonNull(name)
                    && node.get(name).isTextual()
                    && node.get(name).asText().isBlank()) {
                errors.add(error(loc, name, "must not be blank", "string_too_short"));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.unprocessable(errors);
        }
        Path file;
        try {
            file = roots.resolve(path);
        } catch (StorageRoots.Refused e) {
            throw ApiException.unprocessable(List.of(error(loc, "path", e.getMessage(), "path_refused")));
        }
        BasicFileAttributes stat;
        try {
            stat = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException e) {
            throw ApiException.unprocessable(List.of(
                    error(loc, "path", "path '" + path + "' cannot be read: " + e.getMessage(), "path_refused")));
        }
        String format = null;
        try {
            // a producer that tells shape and dtype (the agent, gently) is not second-guessed: no read of the file
            Optional<ImageFormat> recognised =
                    shape != null && dtype != null ? Optional.empty() : formats.recognise(file);
            if (recognised.isPresent()) {
                format = recognised.get().name();
                if (shape == null || dtype == null) {
                    ImageHeader header = formats.header(file);
                    shape = shape == null ? header.shape() : shape;
                    dtype = dtype == null ? header.dtype().dtype() : dtype;
                }
            }
        } catch (ImageReadException e) {
            throw ApiException.unprocessable(List.of(error(loc, "path", headerProblem(path, e), "image_" + e.kind())));
        }
        return new NewDataObject(
                uid == null ? UUID.randomUUID().toString() : uid,
                kind.strip(),
                session.strip(),
                path,
                file,
                stat.size(),
                // as the database keeps it, so that an answer says what a later read says
                stat.lastModifiedTime().toInstant().truncatedTo(java.time.temporal.ChronoUnit.MICROS),
                shape,
                dtype,
                format,
                entity,
                checksum == null ? null : checksum.toLowerCase(Locale.ROOT),
                metadata,
                parents);
    }

    /** What is wrong with the file's header, naming the file as the client knows it. */
    static String headerProblem(String clientPath, ImageReadException e) {
        return "'" + clientPath + "': " + (e.field() == null ? "" : e.field() + ": ") + e.problem();
    }

    private static String text(ObjectNode node, WireField field, List<String> loc, List<FieldError> errors) {
        JsonNode value = node.get(field.wireName());
        if (value == null || value.isNull()) {
            if (field.spec().requiredOnCreate()) {
                errors.add(error(loc, field.wireName(), "Field required", "missing"));
            }
            return null;
        }
        Reading.Value typed = JsonBodies.read(field.spec(), value, loc, errors);
        return typed == null ? null : (String) typed.value();
    }

    private static List<Integer> shape(JsonNode value, List<String> loc, List<FieldError> errors) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isArray() || value.size() == 0 || value.size() > DataObjectField.MAX_SHAPE_AXES) {
            errors.add(error(
                    loc,
                    "shape",
                    "must be a list of 1 to " + DataObjectField.MAX_SHAPE_AXES + " whole numbers",
                    "list_type"));
            return null;
        }
        List<Integer> shape = new ArrayList<>();
        for (JsonNode axis : value) {
            if (!axis.canConvertToInt() || !axis.isIntegralNumber() || axis.intValue() < 0) {
                errors.add(error(loc, "shape", "axes must be whole numbers from 0 to 2^31-1, not " + axis, "int_type"));
                return null;
            }
            shape.add(axis.intValue());
        }
        return shape;
    }

    private static List<String> parents(JsonNode value, List<String> loc, List<FieldError> errors) {
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray() || value.size() > DataObjectField.MAX_PARENTS) {
            errors.add(error(
                    loc, "parents", "must be a list of at most " + DataObjectField.MAX_PARENTS + " uids", "list_type"));
            return List.of();
        }
        List<String> parents = new ArrayList<>();
        for (JsonNode parent : value) {
            if (!parent.isTextual() || !DataObjectField.validUid(parent.textValue())) {
                errors.add(error(loc, "parents", "each parent must be a uid, not " + parent, "string_type"));
                return List.of();
            }
            if (!parents.contains(parent.textValue())) {
                parents.add(parent.textValue());
            }
        }
        return parents;
    }

    private static FieldError error(List<String> loc, String field, String msg, String type) {
        List<String> at = new ArrayList<>(loc);
        at.add(field);
        return new FieldError(at, msg, type);
    }
}
