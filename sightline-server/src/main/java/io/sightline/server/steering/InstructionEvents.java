package io.sightline.server.steering;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sightline.server.persistence.WriteTransactions;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes an {@code instruction.updated} event (acquisition = the session's, entity = the instruction id)
 * each time an instruction's lifecycle moves: created, sent, acknowledged, retried, expired. The
 * dashboard's instruction log follows them on the page's one event stream, and a page that reconnects
 * gets the ones it missed by {@code Last-Event-ID} like any other event.
 *
 * <p>The event is written in its own transaction just after the change committed: a crash between the
 * two loses the event, not the change, and the next change of that instruction carries the whole state
 * again (the payload is the instruction as it is, not a difference).
 */
public final class InstructionEvents implements SteeringStore.InstructionListener {
    public static final String TYPE = "instruction.updated";
    private static final Logger log = LoggerFactory.getLogger(InstructionEvents.class);

    private final WriteTransactions transactions;
    private final ObjectMapper mapper;

    public InstructionEvents(WriteTransactions transactions, ObjectMapper mapper) {
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    @Override
    public void changed(Instruction i, AgentSession session) {
        ObjectNode payload = mapper.createObjectNode()
                .put("instruction_id", i.instructionId())
                .put("session_id", i.sessionId())
                .put("agent_id", i.agentId())
                .put("acquisition_uuid", session.acquisitionUuid())
                .put("instruction_type", i.instructionType())
                .put("status", i.status().wire())
                .put("ack_status", i.ackStatus() == null ? null : i.ackStatus().wireName())
                .put("result", i.ackResult())
                .put("error_message", i.ackErrorMessage())
                .put("delivery_count", i.deliveryCount())
                .put("retry_count", i.retryCount());
        try {
            transactions.write(tx -> {
                tx.emit(TYPE, session.acquisitionUuid(), i.instructionId(), payload.toString());
                return null;
            });
        } catch (RuntimeException e) {
            // the instruction's change is committed and stands; only the live notice is lost
            log.warn("could not record {} for instruction {}", TYPE, i.instructionId(), e);
        }
    }
}
