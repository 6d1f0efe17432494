package app.duet.chats;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Forwards at most one {@code typing} per (sender, peer) per {@link #WINDOW_MS}: typing is a hint
 * (PROTOCOL.md §2.1 lets it be dropped), and a contact sending thousands a second must not make
 * the server deliver thousands a second. Dropped ones are silent.
 *
 * <p>Bounded: an entry older than the window means nothing and may go at any time; when the map
 * reaches {@link #MAX_ENTRIES}, those are swept, and if it is still full (that many pairs typing
 * within one second) new pairs are dropped until it empties. In memory, per node.
 */
public final class TypingThrottle {
    static final long WINDOW_MS = 1_000;
    static final int MAX_ENTRIES = 100_000;

    private record Pair(long from, long to) { }

    private final Map<Pair, Long> lastForwarded = new ConcurrentHashMap<>();
    private final Clock clock;
    private final int maxEntries;

    public TypingThrottle(Clock clock) {
        this(clock, MAX_ENTRIES);
    }

    TypingThrottle(Clock clock, int maxEntries) {
        this.clock = clock;
        this.maxEntries = maxEntries;
    }

    /** @return whether this typing should be forwarded (and if so, it starts a new window) */
    boolean tryForward(long from, long to) {
        long now = clock.millis();
        Pair key = new Pair(from, to);
        if (lastForwarded.size() >= maxEntries && !lastForwarded.containsKey(key)) {
            lastForwarded.values().removeIf(at -> !within(at, now));
            if (lastForwarded.size() >= maxEntries) return false;
        }
        boolean[] forward = {false};
        lastForwarded.compute(key, (k, at) -> {
            if (at != null && within(at, now)) return at;
            forward[0] = true;
            return now;
        });
        return forward[0];
    }

    int size() {
        return lastForwarded.size();
    }

    /** A wall clock may step back: a time "in the future" counts as within the window. */
    private static boolean within(long at, long now) {
        return now - at < WINDOW_MS;
    }
}
