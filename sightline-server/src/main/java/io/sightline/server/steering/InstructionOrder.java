package io.sightline.server.steering;

import java.util.Comparator;

/**
 * The delivery order of a session's instructions: priority (high, normal, low, by rank), then
 * sequence number (those without one last), then creation time, then id, so that every server and
 * every reconnect sends the same instructions in the same order.
 */
public final class InstructionOrder {
    private InstructionOrder() {}

    public static final Comparator<Instruction> DELIVERY = Comparator.comparingInt(
                    (Instruction i) -> i.priority().rank())
            .thenComparing(Instruction::sequenceNumber, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(Instruction::createdAt)
            .thenComparing(Instruction::instructionId);
}
