package io.sightline.cli.agent;

import io.sightline.simulate.epu.PlannedWrite;
import io.sightline.simulate.epu.SimulationListener;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Holds the simulator's writer halfway through a session until the test has done what it does
 * mid-session (killing an agent, stopping the server), so "mid-session" is a fact and not a race with
 * the writing rate. The writer goes on by itself after five minutes, should a test never release it.
 */
final class HalfwayPause implements SimulationListener {
    private final CountDownLatch released = new CountDownLatch(1);
    private final CountDownLatch reached = new CountDownLatch(1);

    @Override
    public void fileWritten(Path file, PlannedWrite.Kind kind, int index, int totalWrites, long bytes) {
        if (index == totalWrites / 2) {
            reached.countDown();
            try {
                released.await(5, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Whether the writer is held halfway now (or was). */
    boolean reached() {
        return reached.getCount() == 0;
    }

    /** Lets the writer finish the session. */
    void release() {
        released.countDown();
    }
}
