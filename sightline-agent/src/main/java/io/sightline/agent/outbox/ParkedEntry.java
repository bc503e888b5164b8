package io.sightline.agent.outbox;

import java.time.Instant;

/**
 * An outbox entry set aside for good: the server refused it (4xx), or failed it alone as a poison item
 * (README, "Running the agent"). Kept in the store with the reason; never sent again.
 *
 * @param type   the entity's wire kind; null when its row was compacted away after a newer change
 * @param uuid   the entity; null likewise
 * @param reason the server's status and answer, as logged when it was parked
 */
public record ParkedEntry(long seq, String type, String uuid, String reason, Instant parkedAt) {

    /** One line for the status line and the logs: what was parked and why. */
    public String describe() {
        String what = type == null ? "entry " + seq : type + " " + uuid;
        return what + ": " + reason;
    }
}
