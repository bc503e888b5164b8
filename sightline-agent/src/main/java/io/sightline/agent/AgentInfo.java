package io.sightline.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sightline.agent.outbox.AgentStore;
import io.sightline.agent.outbox.WaitingFile;
import io.sightline.agent.steer.AgentViews;
import io.sightline.agent.steer.InstructionDispatcher;
import io.sightline.agent.steer.LogEntry;
import io.sightline.agent.steer.RecentProblems;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/** The agent's state as JSON, for the status and info instructions. */
final class AgentInfo implements AgentViews {
    private static final int LISTED = 100;

    private final AgentConfig config;
    private final AgentStore store;
    private final Supplier<AgentStatus> status;
    private final RecentProblems problems;
    private final Supplier<InstructionDispatcher> dispatcher;
    private final Supplier<String> sessionId;
    private final Instant started = Instant.now();

    AgentInfo(
            AgentConfig config,
            AgentStore store,
            Supplier<AgentStatus> status,
            RecentProblems problems,
            Supplier<InstructionDispatcher> dispatcher,
            Supplier<String> sessionId) {
        this.config = config;
        this.store = store;
        this.status = status;
        this.problems = problems;
        this.dispatcher = dispatcher;
        this.sessionId = sessionId;
    }

    private static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    @Override
    public JsonNode status() {
        AgentStatus s = status.get();
        ObjectNode o = object().put("agent_id", config.agentId())
                .put("session_id", sessionId.get())
                .put("watching", config.root().toString())
                .put("started_at", started.toString())
                .put("uptime_seconds", Duration.between(started, Instant.now()).toSeconds())
                .put("server", s.server())
                .put("summary", s.describe());
        o.set("metrics", metrics());
        return o;
    }

    @Override
    public JsonNode datastore() {
        ObjectNode o = object().put("store", store.description())
                .put("outbox_depth", store.depth())
                .put("parked", store.parkedCount())
                .put("pending_orphans", store.count())
                .put("remembered_acknowledgements", store.rememberedAckCount());
        store.oldestUndelivered().ifPresent(t -> o.put("oldest_undelivered", t.toString()));
        store.newestParked()
                .ifPresent(p -> o.putObject("newest_parked")
                        .put("seq", p.seq())
                        .put("kind", p.type())
                        .put("uuid", p.uuid())
                        .put("reason", p.reason())
                        .put("parked_at", p.parkedAt().toString()));
        return o;
    }

    @Override
    public JsonNode metrics() {
        AgentStatus s = status.get();
        ObjectNode o = object().put("files_seen", s.filesSeen())
                .put("files_rejected", s.filesRejected())
                .put("delivered", s.delivered())
                .put("outbox_depth", s.outboxDepth())
                .put("parked", s.parked())
                .put("pending_orphans", s.pendingOrphans());
        ObjectNode entities = o.putObject("entities");
        s.entities().forEach((type, n) -> entities.put(type.wireName(), n));
        InstructionDispatcher d = dispatcher.get();
        if (d != null) {
            ObjectNode instructions = o.putObject("instructions");
            instructions.put("handled", d.handlerRuns()).put("redelivered", d.redelivered());
            d.outcomes().forEach((k, v) -> instructions.put(k.wireName(), v));
        }
        return o;
    }

    @Override
    public JsonNode errors() {
        ObjectNode o = object().put("warnings_and_errors_since_start", problems.total())
                .put("parked", store.parkedCount());
        var recent = o.putArray("recent");
        for (LogEntry e : problems.entries()) {
            recent.addObject()
                    .put("timestamp", e.timestamp().toString())
                    .put("level", e.level())
                    .put("logger_name", e.loggerName())
                    .put("message", e.message());
        }
        return o;
    }

    @Override
    public JsonNode orphans() {
        ObjectNode o = object().put("pending_orphans", store.count());
        store.oldest().ifPresent(t -> o.put("oldest_since", t.toString()));
        var files = o.putArray("files");
        for (WaitingFile w : store.waiting(LISTED)) {
            files.addObject()
                    .put("path", w.path().toString())
                    .put("parent_type", w.parent().type())
                    .put("parent_id", w.parent().id())
                    .put("since", w.since().toString());
        }
        return o;
    }
}
