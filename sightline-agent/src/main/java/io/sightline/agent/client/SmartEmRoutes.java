package io.sightline.agent.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * Where one ingest item goes among the SmartEM backend's per-entity endpoints
 * ({@code shared/contracts/smartem-backend-openapi.json}): the create request under its parent, and the
 * update request for an entity that already exists. The body is the ingest item without {@code kind}
 * (ingest items are SmartEM create bodies by design); foil holes are created through a list endpoint,
 * so their body is a list of one.
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
        ObjectNode item;
        try {
            item = (ObjectNode) MAPPER.readTree(itemJson);
        } catch (IOException | ClassCastException e) {
            throw new IllegalArgumentException("not an ingest item: " + itemJson, e);
        }
        item.remove("kind");
        String body = item.toString();
        return switch (kind) {
            case "acquisition" -> new SmartEmRoutes("/acquisitions", body, "/acquisitions/" + uuid, body);
            case "grid" ->
                new SmartEmRoutes(
                        "/acquisitions/" + parent(item, "acquisition_uuid") + "/grids", body, "/grids/" + uuid, body);
            case "atlas" ->
                new SmartEmRoutes("/grids/" + parent(item, "grid_uuid") + "/atlas", body, "/atlases/" + uuid, body);
            case "atlas_tile" ->
                new SmartEmRoutes(
                        "/atlases/" + parent(item, "atlas_uuid") + "/tiles", body, "/atlas-tiles/" + uuid, body);
            case "gridsquare" ->
                new SmartEmRoutes(
                        "/grids/" + parent(item, "grid_uuid") + "/gridsquares", body, "/gridsquares/" + uuid, body);
            case "atlas_tile_gridsquare_position" ->
                new SmartEmRoutes(
                        "/atlas-tiles/" + parent(item, "atlastile_uuid") + "/gridsquares/"
                                + parent(item, "gridsquare_uuid"),
                        body,
                        null,
                        null);
            case "foilhole" ->
                new SmartEmRoutes(
                        "/gridsquares/" + parent(item, "gridsquare_uuid") + "/foilholes",
                        "[" + body + "]",
                        "/foilholes/" + uuid,
                        body);
            case "micrograph" ->
                new SmartEmRoutes(
                        "/foilholes/" + parent(item, "foilhole_uuid") + "/micrographs",
                        body,
                        "/micrographs/" + uuid,
                        body);
            default -> throw new IllegalArgumentException("no SmartEM endpoint for " + kind);
        };
    }

    private static String parent(ObjectNode item, String field) {
        String value = item.path(field).asText("");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("the item has no " + field + ": " + item);
        }
        return value;
    }
}
