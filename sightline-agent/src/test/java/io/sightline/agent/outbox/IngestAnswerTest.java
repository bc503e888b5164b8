package io.sightline.agent.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Only a 500 can start the search for a poison item; an away server never makes anything look bad. */
class IngestAnswerTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "200, RESULTS",
        "500, FAILED",
        "502, AWAY",
        "503, AWAY",
        "504, AWAY",
        "501, AWAY",
        "408, AWAY",
        "429, AWAY",
        "302, AWAY",
        "401, NOT_AUTHORIZED",
        "403, NOT_AUTHORIZED",
        "400, REFUSED",
        "413, REFUSED",
        "422, REFUSED"
    })
    void eachStatusMeansWhatTheRuleSays(int status, IngestAnswer meaning) {
        assertThat(IngestAnswer.of(status)).isEqualTo(meaning);
    }
}
