package io.sightline.simulate.recording;

import java.time.Duration;

/** Waits between replayed events; tests pass one that records instead of sleeping. */
@FunctionalInterface
public interface Sleeper {

    Sleeper REAL = d -> {
        if (!d.isZero()) {
            Thread.sleep(d);
        }
    };

    void sleep(Duration duration) throws InterruptedException;
}
