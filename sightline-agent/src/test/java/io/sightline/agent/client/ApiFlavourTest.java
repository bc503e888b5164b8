package io.sightline.agent.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import org.junit.jupiter.api.Test;

class ApiFlavourTest {
    private static BackendClient.Answer status(int code, String json) throws Exception {
        return new BackendClient.Answer(
                code, json, json == null ? MissingNode.getInstance() : new ObjectMapper().readTree(json));
    }

    @Test
    void aServerAdvertisingIngestGetsBatchesAnyOtherAnsweringServerThePerEntityEndpoints() throws Exception {
        assertThat(ApiFlavour.fromStatus(status(200, "{\"features\":[\"sse\",\"ingest-v1\"]}")))
                .contains(ApiFlavour.SIGHTLINE);
        assertThat(ApiFlavour.fromStatus(status(200, "{\"status\":\"ok\",\"service\":\"SmartEM Decisions\"}")))
                .contains(ApiFlavour.SMARTEM);
        assertThat(ApiFlavour.fromStatus(status(200, "{\"features\":[\"ingest-v10\"]}")))
                .contains(ApiFlavour.SMARTEM);
        // SmartEM's shape, which Sightline now answers: an object of flags
        assertThat(ApiFlavour.fromStatus(status(200, "{\"features\":{\"direct_db_writes\":true,\"ingest-v1\":true}}")))
                .contains(ApiFlavour.SIGHTLINE);
        assertThat(ApiFlavour.fromStatus(status(200, "{\"features\":{\"database_operations\":true}}")))
                .contains(ApiFlavour.SMARTEM);
        assertThat(ApiFlavour.fromStatus(status(200, "{\"features\":{\"ingest-v1\":false}}")))
                .contains(ApiFlavour.SMARTEM);
    }

    @Test
    void aFailingStatusDecidesNothing() throws Exception {
        assertThat(ApiFlavour.fromStatus(status(503, null))).isEmpty();
    }

    @Test
    void parsingIgnoresCaseAndNamesTheChoicesOnError() {
        assertThat(ApiFlavour.parse(" SmartEM ")).isEqualTo(ApiFlavour.SMARTEM);
        assertThatThrownBy(() -> ApiFlavour.parse("rest")).hasMessageContaining("auto, sightline or smartem");
    }
}
