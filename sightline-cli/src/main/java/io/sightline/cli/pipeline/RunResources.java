package io.sightline.cli.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;

/**
 * {@code --resource [JOB.]FIELD=VALUE} into a run request's {@code resources} / {@code job_resources}. The server
 * checks the values (a 422 naming the field); here only the shape is read, whole numbers sent as numbers.
 */
final class RunResources {
    private static final Set<String> FIELDS = Set.of("partition", "nodes", "tasks", "cpus", "gpus", "memory", "time");
    private static final Set<String> WHOLE = Set.of("nodes", "tasks", "cpus", "gpus");

    private RunResources() {}

    /** Puts {@code setting} into {@code body}; false when it is not {@code [JOB.]FIELD=VALUE}. */
    static boolean put(ObjectNode body, String setting) {
        int eq = setting.indexOf('=');
        if (eq < 1) {
            return false;
        }
        List<String> key = List.of(setting.substring(0, eq).split("\\.", -1));
        String value = setting.substring(eq + 1);
        ObjectNode target;
        List<String> field;
        if (FIELDS.contains(key.getFirst()) || key.getFirst().equals("extras")) {
            target = object(body, "resources");
            field = key;
        } else {
            target = object(object(body, "job_resources"), key.getFirst());
            field = key.subList(1, key.size());
        }
        if (field.size() == 1 && FIELDS.contains(field.getFirst())) {
            String name = field.getFirst();
            if (WHOLE.contains(name) && value.matches("-?\\d{1,9}")) {
                target.put(name, Integer.parseInt(value));
            } else {
                target.put(name, value);
            }
            return true;
        }
        if (field.size() == 2
                && field.getFirst().equals("extras")
                && !field.get(1).isEmpty()) {
            object(target, "extras").put(field.get(1), value);
            return true;
        }
        return false;
    }

    private static ObjectNode object(ObjectNode parent, String name) {
        return parent.has(name) ? (ObjectNode) parent.get(name) : parent.putObject(name);
    }
}
