package io.sightline.server.steering;

import java.util.Objects;
import java.util.function.Consumer;

/** The signal of a single server (embedded H2): a direct call. */
public final class InProcessSignal implements SteeringSignal {
    private final Consumer<String> receiver;

    public InProcessSignal(Consumer<String> receiver) {
        this.receiver = Objects.requireNonNull(receiver, "receiver");
    }

    @Override
    public void signal(String sessionId) {
        receiver.accept(sessionId);
    }

    @Override
    public void close() {}
}
