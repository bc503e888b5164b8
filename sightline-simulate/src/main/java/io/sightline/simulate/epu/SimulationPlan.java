package io.sightline.simulate.epu;

import java.util.List;

/** What a simulation will write, in order, and the truth about the result. Pure: no file is touched. */
public record SimulationPlan(List<PlannedWrite> writes, SimulatedSession session) {

    public SimulationPlan {
        writes = List.copyOf(writes);
    }
}
