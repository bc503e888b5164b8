package io.sightline.server.steering;

import java.time.Instant;

/**
 * One acquisition run of an agent.
 *
 * @param status {@code active} or {@code inactive}
 * @param metadataJson a JSON object as text, or null
 */
public record AgentSession(
        String sessionId,
        String agentId,
        String acquisitionUuid,
        String name,
        String metadataJson,
        String status,
        Instant createdAt,
        Instant lastActivityAt,
        Instant endedAt) {

    public static final String ACTIVE = "active";
    public static final String INACTIVE = "inactive";

    public boolean active() {
        return ACTIVE.equals(status);
    }
}
