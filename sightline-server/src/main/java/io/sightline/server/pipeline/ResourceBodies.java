package io.sightline.server.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.pipeline.exec.ResourceChecks;
import io.sightline.pipeline.exec.ResourceProfile;
import io.sightline.server.http.ApiException.FieldError;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a run request's resource overrides: {@code resources} (every job) and {@code job_resources} (job name →
 * overrides), each an object of {@code partition}, {@code nodes}, {@code tasks}, {@code cpus}, {@code gpus},
 * {@code memory}, {@code time} and {@code extras} ({@code {"2": "g2|g3"}}). Every mistake is a field error naming
 * its place ({@code body.job_resources.ctf.memory}), checked by {@link ResourceChecks}.
 */
final class ResourceBodies {
    private static final Set<String> FIELDS =
            Set.of("partition", "nodes", "tasks", "cpus", "gpus", "memory", "time", "extras");

    private ResourceBodies() {}

    /** {@code node} as a profile; {@link ResourceProfile#EMPTY} when absent. */
    static ResourceProfile profile(JsonNode node, List<String> loc, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            return ResourceProfile.EMPTY;
        }
        if (!node.isObject()) {
            errors.add(new FieldError(loc, "an object of " + String.join(", ", sorted()), "type_error"));
            return ResourceProfile.EMPTY;
        }
        int before = errors.size();
        node.fieldNames().forEachRemaining(name -> {
            if (!FIELDS.contains(name)) {
                errors.add(new FieldError(
                        at(loc, name), "not a resource; one of " + String.join(", ", sorted()), "extra_forbidden"));
            }
        });
        Map<Integer, String> extras = new HashMap<>();
        JsonNode e = node.get("extras");
        if (e != null && !e.isNull()) {
            if (!e.isObject()) {
                errors.add(new FieldError(at(loc, "extras"), "an object of slot (1-8) to value", "type_error"));
            } else {
                e.properties().forEach(x -> {
                    Integer slot = x.getKey().matches("[1-8]") ? Integer.valueOf(x.getKey()) : null;
                    if (slot == null) {
                        errors.add(
                                new FieldError(at(at(loc, "extras"), x.getKey()), "a slot from 1 to 8", "value_error"));
                    } else if (!x.getValue().isTextual()) {
                        errors.add(new FieldError(at(at(loc, "extras"), x.getKey()), "a text", "type_error"));
                    } else {
                        extras.put(slot, x.getValue().asText());
                    }
                });
            }
        }
        ResourceProfile p = new ResourceProfile(
                text(node, "partition", loc, errors),
                whole(node, "nodes", loc, errors),
                whole(node, "tasks", loc, errors),
                whole(node, "cpus", loc, errors),
                whole(node, "gpus", loc, errors),
                text(node, "memory", loc, errors),
                text(node, "time", loc, errors),
                extras);
        // a value of the wrong type is null here, so it is not reported twice
        for (ResourceChecks.Problem problem : ResourceChecks.problems(p)) {
            List<String> where = new ArrayList<>(loc);
            where.addAll(List.of(problem.field().split("\\.")));
            errors.add(new FieldError(where, problem.message(), "value_error"));
        }
        return errors.size() > before ? ResourceProfile.EMPTY : p;
    }

    /** {@code job_resources}: job name → profile, each name one of {@code jobs}. */
    static Map<String, ResourceProfile> perJob(JsonNode node, Set<String> jobs, List<FieldError> errors) {
        List<String> loc = List.of("body", "job_resources");
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            errors.add(new FieldError(loc, "an object: job → resources", "type_error"));
            return Map.of();
        }
        Map<String, ResourceProfile> out = new LinkedHashMap<>();
        node.properties().forEach(e -> {
            if (!jobs.contains(e.getKey())) {
                errors.add(new FieldError(at(loc, e.getKey()), "no job of that name in the pipeline", "value_error"));
            } else {
                out.put(e.getKey(), profile(e.getValue(), at(loc, e.getKey()), errors));
            }
        });
        return out;
    }

    private static String text(JsonNode node, String name, List<String> loc, List<FieldError> errors) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual() && !v.isNumber()) {
            errors.add(new FieldError(at(loc, name), "a text", "type_error"));
            return null;
        }
        return v.asText();
    }

    private static Integer whole(JsonNode node, String name, List<String> loc, List<FieldError> errors) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            errors.add(new FieldError(at(loc, name), "a whole number", "type_error"));
            return null;
        }
        return v.asInt();
    }

    private static List<String> at(List<String> loc, String name) {
        List<String> out = new ArrayList<>(loc);
        out.add(name);
        return out;
    }

    private static List<String> sorted() {
        return FIELDS.stream().sorted().toList();
    }
}
