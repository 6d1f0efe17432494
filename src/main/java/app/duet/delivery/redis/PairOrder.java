package app.duet.delivery.redis;

import app.duet.delivery.BusMessage;
import app.duet.delivery.Frames;
import app.duet.delivery.OutboundFrame;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Keeps PROTOCOL.md §5's promise (a pair's {@code message} events arrive in seq order on every
 * connection) on a node that receives a pair's messages from several publishers: each node's
 * group committer publishes in seq order, but node 2 may publish seq 6 before node 1's seq 5 has
 * arrived here. See docs/decisions/0009-order-across-nodes.md.
 *
 * <p>One stream per (recipient user, pair): the next expected seq is the last delivered + 1. The
 * expected one is delivered at once, with whatever it unblocks; a later one is held, for at most
 * {@code window}; when the window ends with the gap still open, the held messages are delivered in
 * order anyway, and the user's connections get {@code resync} (they fetch what they missed from
 * storage, the record). A message at or below the last delivered seq came too late: it is dropped
 * and the user's connections get {@code resync} (at most once a window). A stream first seen here
 * starts at seq 1 at once, or else at the lowest seq that arrives within its first window.
 *
 * <p>Threads: called by the commit publisher (local messages), Lettuce's event loop (remote ones) and the
 * window timer; each stream delivers under its own lock, so its deliveries never interleave.
 * Delivery only enqueues on connections and never blocks. Bounded: at most {@code maxHeld}
 * messages held per stream (one more ends its window early) and at most {@code maxStreams}
 * streams remembered (beyond it, idle streams are forgotten).
 */
final class PairOrder {
    private record Key(long userId, long lo, long hi) { }

    private static final class Stream {
        long last = -1; // unknown
        long resyncAt = Long.MIN_VALUE; // System.nanoTime() of the last resync sent for this stream
        final TreeMap<Long, BusMessage.ToUsers> held = new TreeMap<>();
        ScheduledFuture<?> timer;
    }

    private static final OutboundFrame RESYNC = Frames.resync();

    private final Consumer<BusMessage> deliver;
    private final ScheduledExecutorService timers;
    private final long windowNanos;
    private final int maxHeld;
    private final int maxStreams;
    private final Map<Key, Stream> streams = new ConcurrentHashMap<>();

    PairOrder(Consumer<BusMessage> deliver, ScheduledExecutorService timers, Duration window, int maxHeld, int maxStreams) {
        this.deliver = deliver;
        this.timers = timers;
        this.windowNanos = window.toNanos();
        this.maxHeld = maxHeld;
        this.maxStreams = maxStreams;
    }

    /** Delivers {@code message} now, later, or never (see the class comment). */
    void accept(BusMessage message) {
        if (!(message instanceof BusMessage.ToUsers m) || m.order() == null || m.userIds().size() != 1) {
            deliver.accept(message);
            return;
        }
        Key key = new Key(m.userIds().getFirst(), m.order().lo(), m.order().hi());
        if (streams.size() >= maxStreams && !streams.containsKey(key)) forgetIdle();
        Stream s = streams.computeIfAbsent(key, k -> new Stream());
        long seq = m.order().seq();
        synchronized (s) {
            if ((s.last < 0 && seq == 1) || (s.last >= 0 && seq == s.last + 1)) {
                deliver.accept(m);
                s.last = seq;
                drainConsecutive(s);
            } else if (s.last < 0 || seq > s.last + 1) {
                // ahead of a gap, or a stream new here (earlier seqs may still be on their way from another node)
                s.held.put(seq, m);
                if (s.held.size() > maxHeld) {
                    giveUp(key, s);
                } else if (s.timer == null) {
                    s.timer = timers.schedule(() -> expire(key, s), windowNanos, TimeUnit.NANOSECONDS);
                }
            } else if (System.nanoTime() - s.resyncAt > windowNanos) {
                // at or below the last delivered: too late to deliver in order; the user fetches it
                resync(key, s);
            }
        }
    }

    /** Forgets every stream (after the bus lost messages: what was last delivered tells nothing any more). */
    void forgetAll() {
        for (Key key : List.copyOf(streams.keySet())) {
            Stream s = streams.get(key);
            if (s == null) continue;
            synchronized (s) {
                if (!s.held.isEmpty()) giveUp(key, s);
                streams.remove(key, s);
            }
        }
    }

    int streams() { return streams.size(); }

    private void drainConsecutive(Stream s) {
        while (!s.held.isEmpty() && s.held.firstKey() <= s.last + 1) {
            Map.Entry<Long, BusMessage.ToUsers> next = s.held.pollFirstEntry();
            if (next.getKey() == s.last + 1) {
                deliver.accept(next.getValue());
                s.last = next.getKey();
            }
        }
        if (s.held.isEmpty() && s.timer != null) {
            s.timer.cancel(false);
            s.timer = null;
        }
    }

    private void expire(Key key, Stream s) {
        synchronized (s) {
            s.timer = null;
            if (s.held.isEmpty()) return;
            if (s.last < 0) { // a stream new here: what arrived in its first window starts it, in order, no gap known
                s.last = s.held.firstKey() - 1;
                drainConsecutive(s);
                if (s.held.isEmpty()) return;
            }
            giveUp(key, s);
        }
    }

    /** Called under the stream's lock: delivers what is held, in order, past the gap, and asks the user to resync. */
    private void giveUp(Key key, Stream s) {
        for (Map.Entry<Long, BusMessage.ToUsers> e : s.held.entrySet()) {
            deliver.accept(e.getValue());
            s.last = e.getKey();
        }
        s.held.clear();
        if (s.timer != null) {
            s.timer.cancel(false);
            s.timer = null;
        }
        resync(key, s);
    }

    private void resync(Key key, Stream s) {
        s.resyncAt = System.nanoTime();
        deliver.accept(new BusMessage.ToUsers(List.of(key.userId()), null, RESYNC));
    }

    private void forgetIdle() {
        for (Key key : List.copyOf(streams.keySet())) {
            Stream s = streams.get(key);
            if (s == null) continue;
            synchronized (s) {
                if (s.held.isEmpty()) streams.remove(key, s);
            }
        }
    }
}
