package app.duet.chats;

import app.duet.DuetException;
import app.duet.ErrorCode;
import app.duet.Metrics;
import app.duet.storage.AppendOutcome;
import app.duet.storage.NewMessage;
import app.duet.storage.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The one writer of messages. Concurrent sends queue here; one thread takes whatever has queued
 * (up to {@code maxBatch}), stores it in one transaction — one fsync for many messages — and then,
 * still on that thread and in commit order, hands each outcome to the {@link CommitListener}
 * (which publishes the events) before completing the sender's future. Because one thread commits
 * and publishes in seq order, every connection sees a pair's messages in seq order.
 */
public final class GroupCommitter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GroupCommitter.class);
    private static final int QUEUE_CAPACITY = 10_000;

    /** Called on the committer thread after the commit, in commit order. Must not block. */
    public interface CommitListener {
        void committed(Pending send, AppendOutcome outcome);
    }

    /** A send waiting for its commit. */
    public record Pending(long from, long to, String text, String clientId, String originConnectionId,
                   long acceptedAtNanos, CompletableFuture<AppendOutcome> result) { }

    private final Store store;
    private final Clock clock;
    private final Metrics metrics;
    private final int maxBatch;
    private final CommitListener listener;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>(QUEUE_CAPACITY);
    private final Thread thread;
    private volatile boolean stopping;

    /** Constructed idle: {@link #start()} starts its thread. */
    public GroupCommitter(Store store, Clock clock, Metrics metrics, int maxBatch, CommitListener listener) {
        this.store = store;
        this.clock = clock;
        this.metrics = metrics;
        this.maxBatch = maxBatch;
        this.listener = listener;
        this.thread = Thread.ofPlatform().name("duet-group-commit").daemon(true).unstarted(this::run);
    }

    public GroupCommitter start() {
        thread.start();
        return this;
    }

    CompletableFuture<AppendOutcome> submit(long from, long to, String text, String clientId, String originConnectionId) {
        CompletableFuture<AppendOutcome> result = new CompletableFuture<>();
        Pending p = new Pending(from, to, text, clientId, originConnectionId, System.nanoTime(), result);
        // Under the lock that close() takes: once stopping is seen by the committer thread, no
        // send can still slip into the queue behind its last look and wait forever.
        synchronized (this) {
            if (stopping || !queue.offer(p)) {
                throw new DuetException(ErrorCode.UNAVAILABLE, "The server is busy or shutting down; try again.");
            }
        }
        return result;
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(maxBatch);
        while (true) {
            try {
                Pending first = queue.poll(50, TimeUnit.MILLISECONDS);
                if (first == null) {
                    // Sends are accepted only before stopping is set, so once it is seen set, an
                    // empty queue means every accepted send has been written.
                    if (stopping && queue.isEmpty()) return;
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                commit(batch);
            } catch (InterruptedException e) {
                if (!stopping) log.warn("group committer interrupted while running");
            } catch (RuntimeException e) {
                log.error("group committer failed a batch", e);
            } finally {
                batch.clear();
            }
        }
    }

    private void commit(List<Pending> batch) {
        long now = clock.millis();
        List<NewMessage> messages = new ArrayList<>(batch.size());
        for (Pending p : batch) messages.add(new NewMessage(p.from(), p.to(), p.text(), p.clientId(), now));
        List<AppendOutcome> outcomes;
        try {
            outcomes = store.appendMessages(messages);
        } catch (RuntimeException e) {
            log.error("storing a batch of {} messages failed", batch.size(), e);
            DuetException failure = new DuetException(ErrorCode.INTERNAL, "The message could not be stored; try again.");
            for (Pending p : batch) p.result().completeExceptionally(failure);
            return;
        }
        metrics.commitBatch(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            Pending p = batch.get(i);
            AppendOutcome outcome = outcomes.get(i);
            try {
                listener.committed(p, outcome);
            } catch (RuntimeException e) {
                log.error("publishing a stored message failed", e); // stored all the same: clients catch up by seq
            }
            if (outcome instanceof AppendOutcome.Stored) metrics.messageStored();
            if (!(outcome instanceof AppendOutcome.Rejected)) metrics.sendAcknowledged(System.nanoTime() - p.acceptedAtNanos());
            p.result().complete(outcome);
        }
    }

    /** Stops taking sends, writes those already queued, then returns. */
    @Override
    public void close() {
        synchronized (this) {
            stopping = true;
        }
        if (!thread.isAlive()) return; // never started
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
