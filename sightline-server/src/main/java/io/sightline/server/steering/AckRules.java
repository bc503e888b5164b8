package io.sightline.server.steering;

import io.sightline.core.wire.AckStatus;

/**
 * Whether an acknowledgement may be applied to an instruction, and what it changes. Pure: the store
 * asks it while holding the instruction's row lock.
 */
public final class AckRules {
    private AckRules() {}

    /** What to do with one acknowledgement. */
    public sealed interface Outcome {
        /** Store the ack and move the instruction to {@code next}. */
        record Apply(InstructionStatus next) implements Outcome {}

        /** Already known (the same final ack again, or {@code received} after it): answer 200, change nothing. */
        record Repeat() implements Outcome {}

        /** Refused with 409. */
        record Conflict(String reason) implements Outcome {}
    }

    /**
     * @param current the instruction's status
     * @param storedFinal the final ack it holds, or null
     * @param incoming the ack that arrived
     */
    public static Outcome decide(InstructionStatus current, AckStatus storedFinal, AckStatus incoming) {
        return switch (current) {
            case PENDING -> new Outcome.Conflict("the instruction has not been sent, so it cannot be acknowledged");
            case EXPIRED -> new Outcome.Conflict("the instruction expired");
            case SENT ->
                new Outcome.Apply(incoming.isFinal() ? InstructionStatus.ACKNOWLEDGED : InstructionStatus.RECEIVED);
            case RECEIVED ->
                incoming.isFinal() ? new Outcome.Apply(InstructionStatus.ACKNOWLEDGED) : new Outcome.Repeat();
            case ACKNOWLEDGED ->
                incoming == storedFinal || !incoming.isFinal()
                        ? new Outcome.Repeat()
                        : new Outcome.Conflict("the instruction was already acknowledged as " + storedFinal.wireName()
                                + "; a different final status (" + incoming.wireName() + ") is not accepted");
        };
    }
}
