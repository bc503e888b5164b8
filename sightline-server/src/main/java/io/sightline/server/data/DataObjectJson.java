package io.sightline.server.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A data object as JSON, the same in answers and in event payloads: the producer's path, never the
 * server's (which says how the server's disks are laid out).
 */
public final class DataObjectJson {
    private final ObjectMapper mapper;

    public DataObjectJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    public ObjectNode object(DataObject o) {
        ObjectNode node = mapper.createObjectNode();
        node.put("uid", o.uid());
        node.put("kind", o.kind());
        node.put("session", o.session());
        node.put("path", o.path());
        node.put("size", o.size());
        node.put("mtime", o.mtime().toString());
        if (o.shape() == null) {
            node.putNull("shape");
        } else {
            ArrayNode shape = node.putArray("shape");
            o.shape().forEach(shape::add);
        }
        node.put("dtype", o.dtype());
        node.put("format", o.format());
        node.put("entity_uuid", o.entityUuid());
        node.put("checksum", o.checksum());
        node.put("status", o.status().wireName());
        ArrayNode parents = node.putArray("parents");
        o.parents().forEach(parents::add);
        if (o.metadata() == null) {
            node.set("metadata", mapper.createObjectNode());
        } else {
            try {
                node.set("metadata", mapper.readTree(o.metadata()));
            } catch (JsonProcessingException e) {
                // stored only after it was read as a JSON object, so this is a damaged row: show it as text
                node.put("metadata", o.metadata());
            }
        }
        node.put("created_at", o.createdAt().toString());
        node.put("verified_at", o.verifiedAt() == null ? null : o.verifiedAt().toString());
        return node;
    }

    public ArrayNode array(List<DataObject> objects) {
        ArrayNode array = mapper.createArrayNode();
        objects.forEach(o -> array.add(object(o)));
        return array;
    }
}
