package app.duet.chats;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bounds the {@code typing} hints one sender makes the server deliver to one peer. Typing is a
 * hint (PROTOCOL.md §2.1 lets it be dropped), and a contact sending thousands a second must not
 * make the server deliver thousands a second. Dropped ones are silent.
 *
 * <ul>
 *   <li>A start ({@code typing}) is forwarded at most once per {@link #WINDOW_MS} per pair, with
 *       one exception: the first start after a stop, so typing again right after sending shows
 *       at once (at most once per window, so alternating start and stop stays bounded).</li>
 *   <li>A stop ({@code typing} with {@code "active": false}, a Duet extension) is never dropped
 *       by the window: it is forwarded once for each start forwarded before it, and otherwise
 *       (nothing was shown to the peer) it is dropped. So a pair gets at most two starts and two
 *       stops a second.</li>
 * </ul>
 *
 * <p>Bounded: an entry whose last start is older than the window may go at any time (losing
 * only the right to forward a stop for it); when the map reaches {@link #MAX_ENTRIES}, those
 * are swept, and if it is still full (that many pairs typing within one second) new pairs are
 * dropped until it empties. In memory, per node.
 */
public final class TypingThrottle {
    static final long WINDOW_MS = 1_000;
    static final int MAX_ENTRIES = 100_000;

    private record Pair(long from, long to) { }

    /**
     * @param lastStart when the last start was forwarded
     * @param startBefore when the one before it was (Long.MIN_VALUE: none)
     * @param active a start was forwarded and no stop since (so a stop is owed to the peer)
     * @param stopped a stop was forwarded since {@code lastStart}
     */
    private record Entry(long lastStart, long startBefore, boolean active, boolean stopped) { }

    private final Map<Pair, Entry> entries = new ConcurrentHashMap<>();
    private final Clock clock;
    private final int maxEntries;

    public TypingThrottle(Clock clock) {
        this(clock, MAX_ENTRIES);
    }

    TypingThrottle(Clock clock, int maxEntries) {
        this.clock = clock;
        this.maxEntries = maxEntries;
    }

    /** @return whether this start should be forwarded (and if so, it is recorded) */
    boolean tryForward(long from, long to) {
        long now = clock.millis();
        Pair key = new Pair(from, to);
        if (entries.size() >= maxEntries && !entries.containsKey(key)) {
            entries.values().removeIf(e -> !within(e.lastStart(), now));
            if (entries.size() >= maxEntries) return false;
        }
        boolean[] forward = {false};
        entries.compute(key, (k, e) -> {
            boolean due = e == null || !within(e.lastStart(), now)
                    // right after a stop, once per window: the peer saw typing end, show it again
                    || (e.stopped() && (e.startBefore() == Long.MIN_VALUE || !within(e.startBefore(), now)));
            if (!due) return e;
            forward[0] = true;
            return new Entry(now, e == null ? Long.MIN_VALUE : e.lastStart(), true, false);
        });
        return forward[0];
    }

    /** @return whether this stop should be forwarded: only when a start went before it */
    boolean tryStop(long from, long to) {
        boolean[] forward = {false};
        entries.computeIfPresent(new Pair(from, to), (k, e) -> {
            if (!e.active()) return e;
            forward[0] = true;
            return new Entry(e.lastStart(), e.startBefore(), false, true);
        });
        return forward[0];
    }

    int size() {
        return entries.size();
    }

    /** A wall clock may step back: a time "in the future" counts as within the window. */
    private static boolean within(long at, long now) {
        return now - at < WINDOW_MS;
    }
}
