package io.sightline.server.fastmon;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.core.wire.SwfField;
import io.sightline.server.events.Event;
import io.sightline.server.events.EventFilter;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The filters of {@code /api/messages/stream/}: {@code msg_types}, {@code agents}, {@code run_ids}
 * (comma-separated; OR within one, AND across them), and {@code namespace}. Only swf messages pass (events
 * whose payload carries their type as {@code msg_type}). Unlike swf-monitor, {@code agents} matches the
 * {@code sender} as well as {@code processed_by}, and {@code run_ids} matches a run id sent as a number or
 * as a string alike (also {@code run_number}).
 */
record MessageFilter(
        Set<String> msgTypes, Set<String> agents, Set<String> runIds, String namespace, ParsedPayloads payloads)
        implements Predicate<Event> {

    static MessageFilter parse(
            String msgTypes, String agents, String runIds, String namespace, ParsedPayloads payloads) {
        return new MessageFilter(
                EventFilter.parseTypes(msgTypes),
                EventFilter.parseTypes(agents),
                EventFilter.parseTypes(runIds),
                namespace == null || namespace.isBlank() ? null : namespace.strip(),
                payloads);
    }

    @Override
    public boolean test(Event e) {
        if (!msgTypes.isEmpty() && !msgTypes.contains(e.type())) {
            return false;
        }
        JsonNode body = payloads.of(e);
        if (!e.type().equals(body.path(SwfField.MSG_TYPE).asText(null))) {
            return false; // not a bus message (an acquisition event, ...)
        }
        if (!agents.isEmpty()
                && !agents.contains(body.path(SwfField.SENDER).asText(""))
                && !agents.contains(body.path(SwfField.PROCESSED_BY).asText(""))) {
            return false;
        }
        if (!runIds.isEmpty()
                && !runIds.contains(body.path(SwfField.RUN_ID).asText(""))
                && !runIds.contains(body.path(SwfField.RUN_NUMBER).asText(""))) {
            return false;
        }
        String ns = body.path(SwfField.NAMESPACE).asText("");
        return namespace == null || ns.isEmpty() || ns.equals(namespace);
    }
}
