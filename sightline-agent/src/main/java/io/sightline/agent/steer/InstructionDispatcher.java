package io.sightline.agent.steer;

import io.sightline.agent.outbox.AgentStore;
import io.sightline.core.wire.AckStatus;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each instruction's handler once and acknowledges it: {@code received} at once, then the final
 * status with result, error message, processing time and time of processing.
 *
 * <p>De-duplication by {@code instruction_id}: an instruction already in hand is ignored; one whose final
 * acknowledgement is remembered in the {@link AgentStore} is acknowledged again with that same body and its
 * handler is not run. The final acknowledgement is stored <em>before</em> it is sent, so an agent that dies
 * between the two still answers a redelivery without running the handler again.
 *
 * <p>A final acknowledgement that could not be delivered after a few attempts (the server away) is kept
 * and sent again by {@link #resendUndelivered()} when the instruction stream opens again. Waiting for a
 * redelivery is not enough: a reconnecting stream sends {@code Last-Event-ID}, and the server does not send
 * that instruction again, so its final acknowledgement would otherwise never arrive.
 *
 * <p>Two single threads keep order without blocking the stream: handlers run one at a time in delivery
 * order (the server's priority order), and acknowledgements leave in the order they were made, so
 * {@code received} always precedes the final status of the same instruction.
 */
public final class InstructionDispatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InstructionDispatcher.class);
    private static final int ACK_ATTEMPTS = 5;

    private final HandlerRegistry handlers;
    private final AgentStore store;
    private final AckSender sender;
    private final Clock clock;
    private final Backoff ackBackoff;
    private final ExecutorService worker;
    private final ExecutorService acker;
    private final Set<String> inHand = new HashSet<>();
    private final Map<AckStatus, AtomicLong> counts = new ConcurrentHashMap<>();
    private final AtomicLong handlerRuns = new AtomicLong();
    private final AtomicLong redelivered = new AtomicLong();
    /** Final acknowledgements given up on, by instruction id: sent again when the stream opens again. */
    private final Map<String, String> undelivered = new ConcurrentHashMap<>();

    public InstructionDispatcher(
            HandlerRegistry handlers, AgentStore store, AckSender sender, Clock clock, Backoff ackBackoff) {
        this.handlers = handlers;
        this.store = store;
        this.sender = sender;
        this.clock = clock;
        this.ackBackoff = ackBackoff;
        this.worker = Executors.newSingleThreadExecutor(r ->
                Thread.ofPlatform().daemon().name("sightline-steer-handler").unstarted(r));
        this.acker = Executors.newSingleThreadExecutor(
                r -> Thread.ofPlatform().daemon().name("sightline-steer-ack").unstarted(r));
    }

    public InstructionDispatcher(HandlerRegistry handlers, AgentStore store, AckSender sender) {
        this(handlers, store, sender, Clock.systemUTC(), new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5)));
    }

    /** Takes one delivered instruction; returns at once (the handler runs on the dispatcher's thread). */
    public void offer(Instruction instruction) {
        String id = instruction.instructionId();
        synchronized (inHand) {
            if (!inHand.add(id)) {
                LOG.debug("instruction {} delivered again while in hand; ignored", id);
                return;
            }
        }
        Optional<String> remembered;
        try {
            remembered = store.rememberedAck(id);
        } catch (RuntimeException e) {
            release(id);
            throw e;
        }
        if (remembered.isPresent()) {
            redelivered.incrementAndGet();
            LOG.info(
                    "instruction {} ({}) delivered again; already {}, acknowledging again without running it",
                    id,
                    instruction.instructionType(),
                    Acknowledgement.fromJson(remembered.get()).status().wireName());
            release(id);
            acker.execute(() -> send(id, remembered.get(), true));
            return;
        }
        acker.execute(() -> send(id, Acknowledgement.received().toJson(), false));
        worker.execute(() -> run(instruction));
    }

    private void run(Instruction instruction) {
        String id = instruction.instructionId();
        try {
            long started = System.nanoTime();
            handlerRuns.incrementAndGet();
            Outcome outcome = handlers.handle(instruction);
            long ms = Duration.ofNanos(System.nanoTime() - started).toMillis();
            Acknowledgement ack = Acknowledgement.of(outcome, ms, clock.instant());
            String body = ack.toJson();
            store.rememberAck(id, body);
            counts.computeIfAbsent(outcome.status(), s -> new AtomicLong()).incrementAndGet();
            switch (outcome) {
                case Outcome.Processed p ->
                    LOG.info("instruction {} ({}) processed in {} ms", id, instruction.instructionType(), ms);
                case Outcome.Failed f ->
                    LOG.warn("instruction {} ({}) failed: {}", id, instruction.instructionType(), f.error());
                case Outcome.Declined d ->
                    LOG.warn("instruction {} ({}) declined: {}", id, instruction.instructionType(), d.reason());
            }
            acker.execute(() -> send(id, body, true));
        } catch (RuntimeException e) {
            // the store failed: nothing is remembered, so a redelivery runs it again; say so loudly
            LOG.error(
                    "instruction {}: cannot record its outcome ({}); it will run again if redelivered",
                    id,
                    e.toString());
        } finally {
            release(id);
        }
    }

    private void release(String id) {
        synchronized (inHand) {
            inHand.remove(id);
        }
    }

    /**
     * Sends again every final acknowledgement given up on earlier; call it when the instruction stream
     * (re)opens, that is when the server is back.
     */
    public void resendUndelivered() {
        for (Map.Entry<String, String> e : undelivered.entrySet()) {
            if (undelivered.remove(e.getKey(), e.getValue())) {
                LOG.info("sending the final ack of instruction {} again", e.getKey());
                acker.execute(() -> send(e.getKey(), e.getValue(), true));
            }
        }
    }

    /** Final acknowledgements waiting for {@link #resendUndelivered()}. */
    public int undeliveredAcks() {
        return undelivered.size();
    }

    /**
     * Posts one ack; retries a few times while the server is unreachable or answers 5xx. A final ack still
     * not delivered then is kept for {@link #resendUndelivered()}.
     */
    private void send(String id, String body, boolean isFinal) {
        for (int attempt = 0; attempt < ACK_ATTEMPTS; attempt++) {
            try {
                int status = sender.send(id, body);
                if (status / 100 == 2) {
                    return;
                }
                if (status < 500) {
                    // the server has decided (e.g. 409 for an expired instruction): sending it again cannot help
                    LOG.warn("ack {} of instruction {} refused with {}", body, id, status);
                    return;
                }
                LOG.debug("ack of instruction {} answered {}; retrying", id, status);
            } catch (IOException e) {
                LOG.debug("ack of instruction {} not delivered ({}); retrying", id, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            try {
                Thread.sleep(ackBackoff.delay(attempt, Math::random).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (isFinal) {
            undelivered.put(id, body);
        }
        LOG.warn(
                "ack of instruction {} not delivered after {} attempts; {}",
                id,
                ACK_ATTEMPTS,
                isFinal ? "it is sent again when the instruction stream opens again" : "the final ack follows");
    }

    /** How many handlers ran (redeliveries of finished instructions not counted). */
    public long handlerRuns() {
        return handlerRuns.get();
    }

    /** Redeliveries answered from the remembered acknowledgement. */
    public long redelivered() {
        return redelivered.get();
    }

    /** Final outcomes this run, by status. */
    public Map<AckStatus, Long> outcomes() {
        Map<AckStatus, Long> out = new java.util.EnumMap<>(AckStatus.class);
        counts.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /** Waits until every offered instruction was handled and its acks sent (or given up). */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        var handled = worker.submit(() -> {});
        try {
            handled.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            acker.submit(() -> {}).get(Math.max(0, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return false;
        }
    }

    @Override
    public void close() {
        worker.shutdown();
        try {
            if (!worker.awaitTermination(5, TimeUnit.SECONDS)) {
                worker.shutdownNow();
            }
            acker.shutdown();
            if (!acker.awaitTermination(5, TimeUnit.SECONDS)) {
                acker.shutdownNow();
            }
        } catch (InterruptedException e) {
            worker.shutdownNow();
            acker.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
