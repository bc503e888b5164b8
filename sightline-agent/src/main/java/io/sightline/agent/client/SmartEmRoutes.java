package io.sightline.agent.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sightline.core.wire.EntityType;
import io.sightline.core.wire.SmartEmPaths;
import java.io.IOException;
import java.util.Map;

/**
 * Where one ingest item goes among the SmartEM backend's per-entity endpoints: the paths its kind declares
 * ({@link EntityType#smartEm()}) filled from the item. The body is the ingest item without {@code kind}
 * (ingest items are SmartEM create bodies by design), a list of one where the create takes a list.
 *
 * @param create      {@code POST} path
 * @param createBody  its JSON body
 * @param update      {@code PUT} path, or null where SmartEM has none (tile ↔ square positions: the
 *                    create is repeated instead)
 * @param updateBody  its JSON body
 */
public record SmartEmRoutes(String create, String createBody, String update, String updateBody) {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The routes of one item ({@code {"kind": ..., "uuid": ..., fields...}}). */
    public static SmartEmRoutes of(String kind, String uuid, String itemJson) {
        EntityType type = EntityType.find(kind)
                .orElseThrow(() -> new IllegalArgumentException("no SmartEM endpoint for " + kind));
        ObjectNode item;
        try {
            item = (ObjectNode) MAPPER.readTree(itemJson);
        } catch (IOException | ClassCastException e) {
            throw new IllegalArgumentException("not an ingest item: " + itemJson, e);
        }
        item.remove(EntityType.KIND_FIELD);
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = MAPPER.convertValue(item, Map.class);
        SmartEmPaths paths = type.smartEm();
        String body = item.toString();
        return new SmartEmRoutes(
                paths.create(uuid, fields),
                paths.createTakesList() ? "[" + body + "]" : body,
                paths.update(uuid, fields).orElse(null),
                paths.update() == null ? null : body);
    }
}
