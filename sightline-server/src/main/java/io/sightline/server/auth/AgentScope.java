package io.sightline.server.auth;

import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which agents a caller with the agent role acts for on the agent routes ({@link ActsForAgent}):
 * sessions, the instruction stream, acknowledgements, heartbeats and logs. Other roles ignore it: admin
 * acts for every agent, viewer and steering for none.
 */
public sealed interface AgentScope {

    /** A caller that names no agent: it may not act for any. */
    AgentScope NONE = new Named(Set.of());

    /**
     * Exactly these agent ids: named when the token was created, bound at its first use, or taken from an
     * OIDC claim.
     */
    record Named(Set<String> agentIds) implements AgentScope {
        /** Kept sorted, so that refusals and the ingest log list them in one order. */
        public Named {
            agentIds = Collections.unmodifiableSortedSet(new TreeSet<>(agentIds));
        }
    }

    /**
     * An API token of the agent role that names no agent yet (created without {@code --agent-id}, or
     * before tokens named agents): the first agent id it acts for becomes its own, for good.
     */
    record AtFirstUse(String tokenId) implements AgentScope {
        public AtFirstUse {
            Objects.requireNonNull(tokenId, "tokenId");
        }
    }
}
