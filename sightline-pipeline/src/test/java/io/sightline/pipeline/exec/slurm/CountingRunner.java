package io.sightline.pipeline.exec.slurm;

import io.sightline.pipeline.exec.ExecutorException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The real process runner, counting the calls per program, so a test can tell how often squeue ran. */
final class CountingRunner implements CommandRunner {
    private final CommandRunner real = new ProcessCommandRunner();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    @Override
    public CommandResult run(List<String> argv, Duration timeout) throws ExecutorException {
        calls.computeIfAbsent(argv.getFirst(), k -> new AtomicInteger()).incrementAndGet();
        return real.run(argv, timeout);
    }

    int calls(String program) {
        AtomicInteger n = calls.get(program);
        return n == null ? 0 : n.get();
    }

    void reset() {
        calls.clear();
    }
}
