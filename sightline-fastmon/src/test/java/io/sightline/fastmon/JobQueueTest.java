package io.sightline.fastmon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobQueueTest {
    @TempDir
    Path dir;

    @Test
    void jobsSurviveAReopenInOrderAndParkedOnesStepAside() throws Exception {
        JobQueue q = new JobQueue(dir);
        q.append("swf.1.1.stf", "{\"a\":1}");
        q.append("swf.1.2.stf", "{\"a\":2}");
        Files.writeString(dir.resolve("pending").resolve("0000000000000009-torn.json.tmp"), "{\"a\"");

        JobQueue reopened = new JobQueue(dir);
        assertThat(reopened.depth()).isEqualTo(2);
        JobQueue.Job first = reopened.oldest(0).orElseThrow();
        assertThat(first.json()).isEqualTo("{\"a\":1}");
        reopened.park(first, "400 no");
        assertThat(reopened.parkedCount()).isEqualTo(1);
        JobQueue.Job second = reopened.oldest(0).orElseThrow();
        assertThat(second.json()).isEqualTo("{\"a\":2}");
        reopened.done(second);
        assertThat(reopened.oldest(0)).isEmpty();
        reopened.append("swf.1.3.stf", "{\"a\":3}");
        assertThat(reopened.oldest(0).orElseThrow().name()).startsWith("0000000000000002-");
        assertThat(Files.list(dir.resolve("pending")).filter(p -> p.toString().endsWith(".tmp")))
                .isEmpty();
    }
}
