package app.duet.chats;

import app.duet.DuetException;
import app.duet.ErrorCode;
import app.duet.Metrics;
import app.duet.model.Attachment;
import app.duet.storage.AppendOutcome;
import app.duet.storage.NewMessage;
import app.duet.storage.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The one writer of messages. Concurrent sends queue here; one thread ({@code duet-group-commit})
 * takes whatever has queued (up to {@code maxBatch}), stores it in one transaction — one fsync for
 * many messages — and hands the batch's outcomes to a second thread ({@code duet-commit-publish}),
 * which, in commit order, gives each outcome to the {@link CommitListener} (which publishes the
 * events) and then completes the sender's future. The two run as a pipeline: while one batch's
 * events are encoded and queued to sockets, the next batch is being written. Because one thread
 * commits and one publishes, both in seq order, every connection sees a pair's messages in seq
 * order. Between them at most {@value #PUBLISH_BACKLOG} batches wait; beyond that the committer
 * waits for the publisher.
 */
public final class GroupCommitter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GroupCommitter.class);
    private static final int QUEUE_CAPACITY = 10_000;
    static final int PUBLISH_BACKLOG = 64;
    /**
     * How long a batch waits for company when sends arrive fast enough that another is likely in
     * that time (decision 0012): each commit pays a fixed part (BEGIN, COMMIT, fsync) and wakes
     * this thread and the publisher, and at 4,000 msg/s three commits in four held one message.
     */
    static final long LINGER_NANOS = 500_000;

    /** Called on the publishing thread after the commit, in commit order. Must not block. */
    public interface CommitListener {
        void committed(Pending send, AppendOutcome outcome);
    }

    /** A send waiting for its commit. */
    public record Pending(long from, long to, String text, String clientId, String originConnectionId,
                   long acceptedAtNanos, CompletableFuture<AppendOutcome> result, Long replyTo, List<Attachment> attachments) { }

    private final Store store;
    private final Clock clock;
    private final Metrics metrics;
    private final int maxBatch;
    private final CommitListener listener;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>(QUEUE_CAPACITY);
    private final ArrivalRate arrivals = new ArrivalRate();
    private final Thread thread;
    private final Thread publisher;
    /** Committed batches (or failed ones) waiting to be published, in commit order. */
    private final BlockingQueue<Committed> published = new ArrayBlockingQueue<>(PUBLISH_BACKLOG);
    private volatile boolean stopping;

    /** A batch as it left the committer: its outcomes, or the failure that stored none of it; END is the last. */
    private record Committed(List<Pending> batch, List<AppendOutcome> outcomes, RuntimeException failure) {
        static final Committed END = new Committed(List.of(), List.of(), null);
    }

    /** Constructed idle: {@link #start()} starts its thread. */
    public GroupCommitter(Store store, Clock clock, Metrics metrics, int maxBatch, CommitListener listener) {
        this.store = store;
        this.clock = clock;
        this.metrics = metrics;
        this.maxBatch = maxBatch;
        this.listener = listener;
        this.thread = Thread.ofPlatform().name("duet-group-commit").daemon(true).unstarted(this::run);
        this.publisher = Thread.ofPlatform().name("duet-commit-publish").daemon(true).unstarted(this::publishLoop);
    }

    public GroupCommitter start() {
        publisher.start();
        thread.start();
        return this;
    }

    CompletableFuture<AppendOutcome> submit(long from, long to, String text, String clientId, String originConnectionId) {
        return submit(from, to, text, clientId, null, originConnectionId, List.of());
    }

    /**
     * @param replyTo     extension: the seq of the message this one replies to, or null
     * @param attachments extension: checked uploads of the sender, claimed in the message's transaction (empty: none)
     */
    CompletableFuture<AppendOutcome> submit(long from, long to, String text, String clientId, Long replyTo, String originConnectionId,
                                            List<Attachment> attachments) {
        CompletableFuture<AppendOutcome> result = new CompletableFuture<>();
        Pending p = new Pending(from, to, text, clientId, originConnectionId, System.nanoTime(), result, replyTo, attachments);
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
        while (true) {
            try {
                Pending first = queue.poll(50, TimeUnit.MILLISECONDS);
                if (first == null) {
                    // Sends are accepted only before stopping is set, so once it is seen set, an
                    // empty queue means every accepted send has been written.
                    if (stopping && queue.isEmpty()) {
                        handOver(Committed.END);
                        return;
                    }
                    continue;
                }
                List<Pending> batch = new ArrayList<>(Math.min(maxBatch, queue.size() + 1));
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                if (batch.size() < maxBatch && !stopping && arrivals.expectedWithin(LINGER_NANOS, System.nanoTime()) >= 1) {
                    TimeUnit.NANOSECONDS.sleep(LINGER_NANOS);
                    queue.drainTo(batch, maxBatch - batch.size());
                }
                arrivals.taken(batch.size(), System.nanoTime());
                handOver(commit(batch));
            } catch (InterruptedException e) {
                if (!stopping) log.warn("group committer interrupted while running");
            } catch (RuntimeException e) {
                log.error("group committer failed a batch", e);
            }
        }
    }

    private Committed commit(List<Pending> batch) {
        long now = clock.millis();
        List<NewMessage> messages = new ArrayList<>(batch.size());
        for (Pending p : batch) messages.add(new NewMessage(p.from(), p.to(), p.text(), p.clientId(), now, p.replyTo(), p.attachments()));
        try {
            List<AppendOutcome> outcomes = store.appendMessages(messages);
            metrics.commitBatch(batch.size());
            return new Committed(batch, outcomes, null);
        } catch (RuntimeException e) {
            log.error("storing a batch of {} messages failed", batch.size(), e);
            return new Committed(batch, List.of(), new DuetException(ErrorCode.INTERNAL, "The message could not be stored; try again."));
        }
    }

    /**
     * Passes a batch to the publisher, waiting while it has {@value #PUBLISH_BACKLOG} batches to do.
     * Never gives up: a committed batch whose senders were never answered would hang them.
     */
    private void handOver(Committed committed) {
        boolean interrupted = false;
        while (true) {
            try {
                published.put(committed);
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    private void publishLoop() {
        while (true) {
            Committed c;
            try {
                c = published.take();
            } catch (InterruptedException e) {
                if (!stopping) log.warn("commit publisher interrupted while running");
                continue;
            }
            if (c.batch().isEmpty()) return; // END: the committer has stopped (a real batch is never empty)
            try {
                publish(c);
            } catch (RuntimeException e) {
                log.error("publishing a committed batch failed", e);
            }
        }
    }

    private void publish(Committed committed) {
        List<Pending> batch = committed.batch();
        if (committed.failure() != null) {
            for (Pending p : batch) p.result().completeExceptionally(committed.failure());
            return;
        }
        List<AppendOutcome> outcomes = committed.outcomes();
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

    /** Stops taking sends, writes and publishes those already queued, then returns. */
    @Override
    public void close() {
        synchronized (this) {
            stopping = true;
        }
        if (!thread.isAlive()) return; // never started
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
            publisher.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sends accepted and waiting for a transaction (a gauge: a growing queue is a database that cannot keep up). */
    public int queued() {
        return queue.size();
    }

    /** Commits written whose events are not yet published (a gauge: a slow publisher). */
    public int unpublished() {
        return published.size();
    }
}
