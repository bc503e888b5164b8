package io.sightline.fastmon.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TfStatisticsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void linesFollowTheReferenceLayoutAndRunsAreCountedWhetherTheyComeAsRunNumberOrRunId() throws Exception {
        TfStatistics stats = new TfStatistics(Instant.parse("2026-12-07T00:00:00Z"));
        String line = stats.add(
                JSON.readTree("{\"tf_filename\":\"swf.100010.000001_tf_001.tf\",\"file_size_bytes\":1536000,"
                        + "\"stf_filename\":\"swf.100010.000001.stf\",\"run_number\":100010,\"status\":\"registered\","
                        + "\"timestamp\":\"2026-12-07T00:00:01Z\"}"),
                false);
        assertThat(line)
                .matches("\\[\\d\\d:\\d\\d:\\d\\d\\] TF: swf.100010.000001_tf_001.tf \\| Size:    1.5MB \\| "
                        + "STF: swf.100010.000001.stf \\| Run: 100010 \\| Status: registered");
        // the testbed agent sends run_id (a string from the runner), and no timestamp: still counted per run
        stats.add(JSON.readTree("{\"tf_filename\":\"b.tf\",\"file_size_bytes\":512,\"run_id\":\"100011\"}"), true);
        stats.add(JSON.readTree("{\"tf_filename\":\"c.tf\"}"), true);

        assertThat(stats.tfFiles()).isEqualTo(3);
        assertThat(stats.runs()).containsOnlyKeys(100010L, 100011L);
        assertThat(stats.runs().get(100011L).bytes()).isEqualTo(512);
        String summary = stats.summary(Instant.parse("2026-12-07T01:02:03Z"));
        assertThat(summary)
                .contains("FAST MONITORING CLIENT SUMMARY")
                .contains("Uptime: 1:02:03")
                .contains("TF Files Received: 3")
                .contains("Active Runs: 2")
                .contains("Run 100010: 1 TF files, 1.46 MB");
    }

    @Test
    void statusesAreColouredOnlyWhenAsked() throws Exception {
        TfStatistics stats = new TfStatistics(Instant.now());
        assertThat(stats.add(JSON.readTree("{\"status\":\"failed\"}"), true)).endsWith("\u001b[31mfailed\u001b[0m");
        assertThat(stats.add(JSON.readTree("{\"status\":\"failed\"}"), false)).endsWith("Status: failed");
    }
}
