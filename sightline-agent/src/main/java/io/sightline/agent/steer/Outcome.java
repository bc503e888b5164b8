package io.sightline.agent.steer;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.core.wire.AckStatus;
import java.util.Objects;

/** What a handler made of an instruction: the three final acknowledgements. */
public sealed interface Outcome {

    AckStatus status();

    /** Done; {@code result} is reported as the ack's {@code result}. */
    record Processed(JsonNode result) implements Outcome {
        public AckStatus status() {
            return AckStatus.PROCESSED;
        }
    }

    /** Tried and could not; {@code error} becomes {@code error_message}, {@code result} (nullable) the details. */
    record Failed(String error, JsonNode result) implements Outcome {
        public Failed {
            Objects.requireNonNull(error, "error");
        }

        public AckStatus status() {
            return AckStatus.FAILED;
        }
    }

    /** Not attempted; {@code reason} becomes {@code error_message}. */
    record Declined(String reason) implements Outcome {
        public Declined {
            Objects.requireNonNull(reason, "reason");
        }

        public AckStatus status() {
            return AckStatus.DECLINED;
        }
    }
}
