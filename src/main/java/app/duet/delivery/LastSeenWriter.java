package app.duet.delivery;

import app.duet.storage.Store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Writes when users were last seen, the times of users going offline together in one transaction
 * (a group commit, as sends have): users go offline in crowds (a node stopping closes all its
 * sockets, a school's Wi-Fi drops a classroom), and a write transaction each, an fsync each on
 * SQLite's one writer, held that writer from the sends for as many commits: 2,000 users one by
 * one took 1.5-1.7 s on this machine's disk, as one batch 7-14 ms (far more one by one on an SD
 * card).
 *
 * <p>{@link #record} returns once the time is stored, so that the {@code presence} event sent
 * after it never tells contacts a time that a list read then would not show. One thread writes;
 * while it writes, the times arriving wait for the next batch. What waits is bounded by the
 * callers waiting, one per socket closing.
 */
public final class LastSeenWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LastSeenWriter.class);

    /** How long a caller waits for its batch before going on without it (last seen is a courtesy). */
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** Users written in one transaction at most (about 5 ms of SQLite's writer here). */
    static final int MAX_ROWS = 1_000;

    private final Store store;
    private final Thread writer;
    private final Object lock = new Object();
    // guarded by lock: the next batch and the future its callers wait on
    private Map<Long, Long> pending = new HashMap<>();
    private CompletableFuture<Void> pendingWritten = new CompletableFuture<>();
    private boolean closed;
    private long batches;

    /** Constructed idle: {@link #start} starts the thread that writes. */
    public LastSeenWriter(Store store) {
        this.store = store;
        this.writer = Thread.ofPlatform().name("duet-last-seen").daemon(true).unstarted(this::writeBatches);
    }

    public LastSeenWriter start() {
        writer.start();
        return this;
    }

    /**
     * The user's last connection closed at {@code at}: returns once that is stored (or could not
     * be, which is logged), written with the others that came meanwhile.
     */
    public void record(long userId, long at) {
        CompletableFuture<Void> written;
        synchronized (lock) {
            if (closed || !writer.isAlive()) {
                written = null;
            } else {
                pending.merge(userId, at, Math::max);
                written = pendingWritten;
                lock.notifyAll();
            }
        }
        if (written == null) {
            write(Map.of(userId, at)); // stopping, or never started: on the caller's thread
            return;
        }
        try {
            written.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("user {}'s last seen time not written in {} s", userId, WAIT.toSeconds());
        }
    }

    /** Batches written so far (one transaction each, or more past {@link #MAX_ROWS} users). */
    long batches() {
        synchronized (lock) {
            return batches;
        }
    }

    private void writeBatches() {
        while (true) {
            Map<Long, Long> batch;
            CompletableFuture<Void> written;
            synchronized (lock) {
                while (pending.isEmpty() && !closed) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        closed = true;
                    }
                }
                if (pending.isEmpty()) return; // closed, and nothing left
                batch = pending;
                written = pendingWritten;
                pending = new HashMap<>();
                pendingWritten = new CompletableFuture<>();
                batches++;
            }
            write(batch);
            written.complete(null);
        }
    }

    /** In transactions of at most {@link #MAX_ROWS} users: the sends get the writer between them. */
    void write(Map<Long, Long> batch) {
        Map<Long, Long> chunk = new HashMap<>();
        for (Map.Entry<Long, Long> e : batch.entrySet()) {
            chunk.put(e.getKey(), e.getValue());
            if (chunk.size() == MAX_ROWS) {
                writeChunk(chunk);
                chunk = new HashMap<>();
            }
        }
        if (!chunk.isEmpty()) writeChunk(chunk);
    }

    private void writeChunk(Map<Long, Long> chunk) {
        try {
            store.recordLastSeen(chunk);
        } catch (RuntimeException e) {
            log.warn("could not record when {} users were last seen: {}", chunk.size(), e.toString());
        }
    }

    /** Writes what is waiting and stops the thread: call after the sockets have closed, before the store does. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
        try {
            writer.join(WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
