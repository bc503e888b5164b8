package io.sightline.agent.steer;

import io.sightline.core.wire.InstructionType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Instruction type → handler. An unknown type is declined, never reported processed. */
public final class HandlerRegistry {
    private final Map<String, InstructionHandler> handlers;

    private HandlerRegistry(Map<String, InstructionHandler> handlers) {
        this.handlers = Map.copyOf(handlers);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Set<String> types() {
        return handlers.keySet();
    }

    /** Runs the handler of the instruction's type; exceptions become {@link Outcome.Failed}. */
    public Outcome handle(Instruction instruction) {
        InstructionHandler handler = handlers.get(instruction.instructionType());
        if (handler == null) {
            return new Outcome.Declined("unknown instruction type '" + instruction.instructionType()
                    + "'; this agent handles " + String.join(", ", new java.util.TreeSet<>(handlers.keySet())));
        }
        try {
            return handler.handle(instruction);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome.Failed("interrupted (agent stopping)", null);
        } catch (Exception e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return new Outcome.Failed(message, null);
        }
    }

    public static final class Builder {
        private final Map<String, InstructionHandler> handlers = new LinkedHashMap<>();

        public Builder on(String type, InstructionHandler handler) {
            if (handlers.putIfAbsent(type, handler) != null) {
                throw new IllegalArgumentException("two handlers for " + type);
            }
            return this;
        }

        /** The handler of a declared instruction type. */
        public Builder on(InstructionType type, InstructionHandler handler) {
            return on(type.wireName(), handler);
        }

        public HandlerRegistry build() {
            return new HandlerRegistry(handlers);
        }
    }
}
