package io.sightline.server.fastmon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.sightline.server.events.Event;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Event payloads parsed once for every stream client. The hub offers each event to every client on the
 * committing thread, and each swf client's filter reads the payload: with hundreds of clients, parsing
 * per client would be most of that thread's work. Keeps the newest {@value #SIZE} events.
 */
final class ParsedPayloads {
    static final int SIZE = 4096;

    private final ObjectMapper mapper;
    private final Map<Long, JsonNode> recent = new LinkedHashMap<>(SIZE * 2, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, JsonNode> eldest) {
            return size() > SIZE;
        }
    };

    ParsedPayloads(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The payload as JSON; a missing node when it is not JSON. */
    JsonNode of(Event e) {
        synchronized (recent) {
            JsonNode n = recent.get(e.id());
            if (n != null) {
                return n;
            }
        }
        JsonNode parsed;
        try {
            parsed = mapper.readTree(e.payloadJson());
        } catch (IOException ex) {
            parsed = MissingNode.getInstance();
        }
        synchronized (recent) {
            recent.put(e.id(), parsed);
        }
        return parsed;
    }
}
