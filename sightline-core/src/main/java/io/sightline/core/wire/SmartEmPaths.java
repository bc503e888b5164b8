package io.sightline.core.wire;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where an entity kind lives among the SmartEM backend's per-entity endpoints
 * ({@code shared/contracts/smartem-backend-openapi.json}): the create request under its parent and the
 * update of one that exists. Templates name uuid fields in braces ({@code /grids/{grid_uuid}/gridsquares});
 * {@code {uuid}} is the entity's own.
 *
 * @param create          {@code POST} path template
 * @param update          {@code PUT} path template, or null where SmartEM has none (tile ↔ square
 *                        positions: the create is repeated instead)
 * @param createTakesList whether the create body is a list (foil holes are created in lists)
 */
public record SmartEmPaths(String create, String update, boolean createTakesList) {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_]+)}");

    public SmartEmPaths {
        Objects.requireNonNull(create, "create");
    }

    /** The create path of the entity {@code uuid} with {@code fields}. */
    public String create(String uuid, Map<String, ?> fields) {
        return resolve(create, uuid, fields);
    }

    /** The update path, if SmartEM has one. */
    public Optional<String> update(String uuid, Map<String, ?> fields) {
        return update == null ? Optional.empty() : Optional.of(resolve(update, uuid, fields));
    }

    /** The names in braces of both templates, {@code uuid} included. */
    public List<String> placeholders() {
        List<String> names = new ArrayList<>(names(create));
        if (update != null) {
            names.addAll(names(update));
        }
        return names;
    }

    private static List<String> names(String template) {
        List<String> names = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static String resolve(String template, String uuid, Map<String, ?> fields) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder path = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            Object value = name.equals(EntityType.UUID_FIELD) ? uuid : fields.get(name);
            if (!(value instanceof String text) || !WireType.Uuid.isId(text)) {
                throw new IllegalArgumentException("the item has no " + name + " (a uuid) for " + template);
            }
            m.appendReplacement(path, text);
        }
        return m.appendTail(path).toString();
    }
}
