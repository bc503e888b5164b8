package io.sightline.agent.outbox;

import io.sightline.agent.images.DataObjectRegistration;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/** {@code --dry-run}: prints each entry as the ingest item it would send, then drops it; talks to no server. */
public final class DryRunDelivery implements Delivery {
    private final AgentStore store;
    private final Consumer<String> out;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicLong delivered = new AtomicLong();
    private Thread thread;

    public DryRunDelivery(AgentStore store, Consumer<String> out) {
        this.store = store;
        this.out = out;
    }

    @Override
    public void start() {
        running.set(true);
        thread = Thread.ofPlatform().daemon().name("sightline-dry-run").start(() -> {
            while (running.get()) {
                if (printBatch() == 0) {
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        });
    }

    private synchronized int printBatch() {
        List<OutboxEntry> batch = store.peek(500);
        for (OutboxEntry e : batch) {
            out.accept((DataObjectRegistration.OUTBOX_TYPE.equals(e.type()) ? "would register " : "would send ")
                    + e.itemJson());
        }
        store.delivered(batch.stream().map(OutboxEntry::seq).toList());
        delivered.addAndGet(batch.size());
        return batch.size();
    }

    @Override
    public String state() {
        return "dry run";
    }

    @Override
    public long delivered() {
        return delivered.get();
    }

    @Override
    public boolean drain(Duration timeout) {
        while (printBatch() > 0) {
            // print everything that is stored
        }
        return true;
    }

    @Override
    public void close() {
        running.set(false);
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
