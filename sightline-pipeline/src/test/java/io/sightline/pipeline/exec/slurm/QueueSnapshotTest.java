package io.sightline.pipeline.exec.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.pipeline.exec.JobState;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class QueueSnapshotTest {

    /** Lines as squeue 22.05 printed them on the test cluster with {@link QueueSnapshot#SQUEUE_FORMAT}. */
    private static final String SQUEUE = """
            2|0|COMPLETED|None|k 2|x
            2|1|RUNNING|None|k 2|x
            1|N/A|FAILED|NonZeroExitCode|k1
            2|2-5|PENDING|Resources|k 2|x
            3|0-7%2|PENDING|Priority|wrap
            4|N/A|CANCELLED|None|other
            """;

    @Test
    void singleJobsKeepStateAndReason() {
        QueueSnapshot q = QueueSnapshot.parseSqueue(SQUEUE);
        assertThat(q.job("1")).hasValueSatisfying(e -> {
            assertThat(e.state()).isEqualTo(JobState.FAILED);
            assertThat(e.describe()).isEqualTo("FAILED (NonZeroExitCode)");
        });
        assertThat(q.job("4").orElseThrow().state()).isEqualTo(JobState.CANCELLED);
        assertThat(q.job("99")).isEmpty();
    }

    @Test
    void arrayLinesAndCollapsedRangesGiveEveryTaskItsState() {
        QueueSnapshot q = QueueSnapshot.parseSqueue(SQUEUE);
        QueueSnapshot.Entry[] tasks = q.tasks("2", 7);
        assertThat(Arrays.stream(tasks).map(e -> e == null ? null : e.state()))
                .containsExactly(
                        JobState.SUCCEEDED,
                        JobState.RUNNING,
                        JobState.PENDING,
                        JobState.PENDING,
                        JobState.PENDING,
                        JobState.PENDING,
                        null);
        assertThat(q.tasks("3", 8)).allSatisfy(e -> assertThat(e.state()).isEqualTo(JobState.PENDING));
        assertThat(q.arraySize("3")).isEqualTo(8);
    }

    @Test
    void aNameHoldingTheSeparatorIsKeptWhole() {
        QueueSnapshot q = QueueSnapshot.parseSqueue(SQUEUE);
        assertThat(q.idsNamed("k 2|x")).containsExactly("2");
        assertThat(q.idsNamed("k 2")).isEmpty();
    }

    @Test
    void indexListsWithCommasRangesAndThrottlesAreExpanded() {
        StringBuilder seen = new StringBuilder();
        QueueSnapshot.forEachIndex("[1,3,5-7%4]", 7, i -> seen.append(i).append(' '));
        assertThat(seen.toString()).isEqualTo("1 3 5 6 ");
    }

    @Test
    void sacctRowsWithWordsAfterTheStateAreRead() {
        QueueSnapshot q = QueueSnapshot.parseSacct("""
                12|CANCELLED by 0|0:15|key
                13_0|COMPLETED|0:0|arr
                13_1|FAILED|1:0|arr
                13_[2-3]|PENDING|0:0|arr
                """);
        assertThat(q.job("12").orElseThrow().state()).isEqualTo(JobState.CANCELLED);
        assertThat(Arrays.stream(q.tasks("13", 4)).map(QueueSnapshot.Entry::state))
                .containsExactly(JobState.SUCCEEDED, JobState.FAILED, JobState.PENDING, JobState.PENDING);
        assertThat(q.tasks("13", 4)[1].describe()).isEqualTo("FAILED (exit 1:0)");
    }

    @Test
    void everySlurmWordMapsAndUnknownWordsSayUnknown() {
        assertThat(QueueSnapshot.state("COMPLETING")).isEqualTo(JobState.RUNNING);
        assertThat(QueueSnapshot.state("TIMEOUT")).isEqualTo(JobState.FAILED);
        assertThat(QueueSnapshot.state("OUT_OF_MEMORY")).isEqualTo(JobState.FAILED);
        assertThat(QueueSnapshot.state("CONFIGURING")).isEqualTo(JobState.PENDING);
        assertThat(QueueSnapshot.state("SOMETHING_NEW")).isEqualTo(JobState.UNKNOWN);
    }
}
