package io.sightline.server.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks registered checksums off the request thread: one thread reads each file once, streamed, and marks
 * the object verified or corrupt (or missing when the file has gone). One thread because the disk, not the
 * CPU, bounds it and a second reader would only make both slower. Objects still waiting at shutdown are
 * picked up again at the next start ({@link #resumePending()}).
 */
public final class ChecksumVerifier implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ChecksumVerifier.class);
    public static final String PREFIX = "sha256:";

    private final DataObjectStore store;
    private final StorageRoots roots;
    private final ExecutorService worker;
    private final AtomicLong done = new AtomicLong();

    public ChecksumVerifier(DataObjectStore store, StorageRoots roots) {
        this.store = store;
        this.roots = roots;
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "checksum-verifier");
            t.setDaemon(true);
            return t;
        });
    }

    /** Queues every object still waiting from before a restart. */
    public void resumePending() {
        store.awaitingVerification().forEach(this::submit);
    }

    public void submit(String uid) {
        try {
            worker.execute(() -> verify(uid));
        } catch (RejectedExecutionException e) {
            log.info("not verifying {}: shutting down (it is checked at the next start)", uid);
        }
    }

    /** Checksums compared so far (for tests and metrics). */
    public long verifiedCount() {
        return done.get();
    }

    private void verify(String uid) {
        try {
            DataObject object = store.find(uid).orElse(null);
            if (object == null || object.status() != DataObject.Status.VERIFYING) {
                return;
            }
            if (!roots.contains(object.serverPath())) {
                store.setStatus(uid, DataObject.Status.MISSING, "the file is gone or no longer inside a storage root");
                return;
            }
            String actual;
            try {
                actual = sha256(object);
            } catch (IOException e) {
                store.setStatus(uid, DataObject.Status.MISSING, "the file could not be read: " + e.getMessage());
                return;
            }
            String expected = object.checksum().substring(PREFIX.length());
            if (actual.equals(expected)) {
                store.setStatus(uid, DataObject.Status.VERIFIED, null);
            } else {
                store.setStatus(
                        uid,
                        DataObject.Status.CORRUPT,
                        "the file's sha256 is " + actual + ", registered as " + expected);
            }
        } catch (RuntimeException e) {
            log.error("verifying data object {} failed", uid, e);
        } finally {
            done.incrementAndGet();
        }
    }

    private static String sha256(DataObject object) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        byte[] buffer = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(object.serverPath())) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    @Override
    public void close() {
        worker.shutdownNow();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
