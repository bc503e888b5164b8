package io.sightline.server.sse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sightline.server.events.Event;
import io.sightline.server.events.EventFilter;
import java.io.IOException;

/**
 * What one stream client asked for: the event-log filter (acquisition, types) plus, for the
 * SmartEM-compatible stream, an agent id matched against the payload's {@code agent_id} field, plus any
 * further test of the event the log cannot apply in SQL (the swf message stream's filters).
 */
public record StreamFilter(EventFilter events, String agentId, java.util.function.Predicate<Event> also) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public StreamFilter {
        events = events == null ? EventFilter.ALL : events;
        agentId = agentId == null || agentId.isBlank() ? null : agentId.strip();
        also = also == null ? e -> true : also;
    }

    public StreamFilter(EventFilter events, String agentId) {
        this(events, agentId, null);
    }

    public boolean matches(Event e) {
        return events.matches(e) && matchesAgent(e);
    }

    /** The part of the filter the event log cannot apply in SQL. */
    boolean matchesAgent(Event e) {
        if (!also.test(e)) {
            return false;
        }
        if (agentId == null) {
            return true;
        }
        try {
            JsonNode node = JSON.readTree(e.payloadJson()).get("agent_id");
            return node != null && agentId.equals(node.asText());
        } catch (IOException ex) {
            return false;
        }
    }
}
