package io.sightline.agent.outbox;

import java.time.Duration;

/** Takes entries out of the outbox and delivers them somewhere (the server, or a dry-run printout). */
public interface Delivery extends AutoCloseable {
    void start();

    /** New entries were stored; deliver them soon. */
    default void wake() {}

    /** One word or a short phrase for the status line: {@code connected}, {@code unreachable}, ... */
    String state();

    /** How many entries were delivered since start. */
    long delivered();

    /** Stops after trying for at most {@code timeout} to empty the outbox; true when it emptied. */
    boolean drain(Duration timeout);

    @Override
    void close();
}
