package io.sightline.server.steering;

import java.time.Instant;

/**
 * One instruction stream of a session.
 *
 * @param status {@code active} or {@code closed}
 * @param closeReason why it closed ({@link CloseReason}), null while active
 */
public record AgentConnection(
        String connectionId,
        String sessionId,
        String agentId,
        String status,
        String clientAddress,
        Instant createdAt,
        Instant lastHeartbeatAt,
        Instant closedAt,
        String closeReason) {

    public static final String ACTIVE = "active";
    public static final String CLOSED = "closed";

    public boolean active() {
        return ACTIVE.equals(status);
    }
}
