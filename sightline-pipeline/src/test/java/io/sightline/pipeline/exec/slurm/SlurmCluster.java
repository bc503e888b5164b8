package io.sightline.pipeline.exec.slurm;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Whether the one-node test cluster ({@code .ci/slurm/start}) answers, and if not, why. */
final class SlurmCluster {
    private SlurmCluster() {}

    /** Empty when a node takes jobs; otherwise the reason the SLURM tests skip. */
    static Optional<String> unavailableReason() {
        try {
            CommandResult r =
                    new ProcessCommandRunner().run(List.of("sinfo", "-h", "-o", "%T"), Duration.ofSeconds(15));
            if (!r.ok()) {
                return Optional.of("sinfo failed (" + r.stderr().strip() + "); run .ci/slurm/start");
            }
            boolean usable = r.stdout().lines().anyMatch(s -> s.matches("(idle|mixed|allocated|completing).*"));
            return usable
                    ? Optional.empty()
                    : Optional.of(
                            "no SLURM node takes jobs (sinfo: " + r.stdout().strip() + ")");
        } catch (Exception e) {
            return Optional.of("SLURM is not installed here (" + e.getMessage() + "); run .ci/slurm/start");
        }
    }
}
