package io.sightline.fastmon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StfAnnouncementTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Optional<StfAnnouncement> parse(String json) throws Exception {
        return StfAnnouncement.fromMessage(JSON.readTree(json));
    }

    @Test
    void runnerStfReadyWithoutSizeOrTfCountIsUsable() throws Exception {
        StfAnnouncement a = parse(
                        "{\"msg_type\":\"stf_ready\",\"filename\":\"swf.100010.000003.stf\",\"run_id\":\"100010\","
                                + "\"size_bytes\":null}")
                .orElseThrow();
        assertThat(a.runNumber()).isEqualTo(100010);
        assertThat(a.sizeBytes()).isNull();
        assertThat(a.tfCount()).isNull();
    }

    @Test
    void olderDataReadyIsToleratedAndTheRunComesFromTheNameWhenTheMessageHasNone() throws Exception {
        StfAnnouncement a = parse(
                        "{\"msg_type\":\"data_ready\",\"filename\":\"/data/swf.000042.000001.stf\",\"tf_count\":500}")
                .orElseThrow();
        assertThat(a.stfFilename()).isEqualTo("swf.000042.000001.stf");
        assertThat(a.runNumber()).isEqualTo(42);
        assertThat(a.tfCount()).isEqualTo(500);
    }

    @Test
    void otherKnownTypesAreNotForTheSampler() throws Exception {
        assertThat(parse("{\"msg_type\":\"start_run\",\"run_id\":1}")).isEmpty();
        assertThat(parse("{\"msg_type\":\"tf_file_registered\",\"tf_filename\":\"a.tf\"}"))
                .isEmpty();
    }

    @Test
    void malformedMessagesNameWhatIsWrong() {
        assertThatThrownBy(() -> parse("{\"msg_type\":\"stf_ready\",\"run_id\":1}"))
                .hasMessageContaining("filename");
        assertThatThrownBy(() -> parse("{\"msg_type\":\"stf_ready\",\"filename\":7,\"run_id\":1}"))
                .hasMessageContaining("filename");
        assertThatThrownBy(() -> parse("{\"msg_type\":\"stf_ready\",\"filename\":\"a.stf\",\"run_id\":true}"))
                .hasMessageContaining("run_id");
        assertThatThrownBy(() -> parse("{\"msg_type\":\"stf_ready\",\"filename\":\"a.stf\"}"))
                .hasMessageContaining("no run_id");
        assertThatThrownBy(() -> parse("{\"msg_type\":\"surprise\"}")).hasMessageContaining("unknown msg_type");
        assertThatThrownBy(() -> parse("[1,2]")).hasMessageContaining("object");
        assertThatThrownBy(() -> parse("{\"msg_type\":\"stf_ready\",\"filename\":\"swf.1.1.stf\",\"tf_count\":0}"))
                .hasMessageContaining("tf_count");
    }
}
