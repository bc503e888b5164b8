package io.sightline.cli.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The real server process SIGKILLed while a pipeline job runs on the local executor, then started again on
 * the same database: the run finishes and no job was submitted twice ({@link PipelineKillScenario}). On H2
 * and PostgreSQL.
 */
class PipelineKillTest {
    @TempDir
    Path temp;

    static Stream<String> stores() {
        return Stream.of("H2", "PostgreSQL");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void aServerKilledMidRunFinishesItAfterARestartWithoutSubmittingTwice(String storeName) throws Exception {
        new PipelineKillScenario(temp, Duration.ofSeconds(90)).killMidRunAndFinish(storeName);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void aServerKilledWhileAnArrayRunsFinishesItRunningEveryTaskOnce(String storeName) throws Exception {
        new PipelineKillScenario(temp, Duration.ofSeconds(90)).killMidArrayAndFinish(storeName);
    }
}
