package io.sightline.agent.steer;

/** Acts on one instruction type. A thrown exception is reported as {@code failed} with its message. */
@FunctionalInterface
public interface InstructionHandler {
    Outcome handle(Instruction instruction) throws Exception;
}
