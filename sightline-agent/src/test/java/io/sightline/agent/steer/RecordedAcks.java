package io.sightline.agent.steer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

/** An {@link AckSender} that keeps every acknowledgement body it was given, in order. */
final class RecordedAcks implements AckSender {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    record Sent(String instructionId, JsonNode body) {
        String status() {
            return body.get("status").asText();
        }
    }

    private final List<Sent> sent = new ArrayList<>();
    private final IntSupplier answer;

    RecordedAcks() {
        this(() -> 200);
    }

    RecordedAcks(IntSupplier answer) {
        this.answer = answer;
    }

    @Override
    public synchronized int send(String instructionId, String body) throws IOException {
        sent.add(new Sent(instructionId, MAPPER.readTree(body)));
        return answer.getAsInt();
    }

    synchronized List<Sent> all() {
        return List.copyOf(sent);
    }

    synchronized List<String> statuses(String instructionId) {
        return sent.stream()
                .filter(s -> s.instructionId().equals(instructionId))
                .map(Sent::status)
                .toList();
    }

    synchronized Sent last(String instructionId) {
        List<Sent> of = sent.stream()
                .filter(s -> s.instructionId().equals(instructionId))
                .toList();
        return of.get(of.size() - 1);
    }
}
