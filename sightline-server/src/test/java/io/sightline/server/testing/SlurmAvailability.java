package io.sightline.server.testing;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** Whether the one-node SLURM cluster of {@code .ci/slurm/start} answers, for the server's SLURM tests to skip with the reason. */
public final class SlurmAvailability {
    private SlurmAvailability() {}

    /** Null when {@code sinfo} answers within 20 s, else why not. */
    public static String unavailableReason() {
        try {
            Process p = new ProcessBuilder("sinfo", "-h", "-o", "%P %a")
                    .redirectErrorStream(true)
                    .start();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "sinfo did not answer within 20 s";
            }
            String out = new String(p.getInputStream().readAllBytes()).strip();
            return p.exitValue() == 0 && !out.isEmpty() ? null : "sinfo exited " + p.exitValue() + ": " + out;
        } catch (IOException e) {
            return "sinfo cannot run: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
