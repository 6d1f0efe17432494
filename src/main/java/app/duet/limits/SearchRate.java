package app.duet.limits;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per user for searches, each of which scans rows (a display name or a chat's
 * messages by substring cannot use an index): {@code burst} at once, refilled at
 * {@code perSecond}. In memory, per node; with many nodes the buckets are {@code shared} (Redis),
 * and the in-memory ones only stand in while Redis does not answer.
 *
 * <p>Bounded: at most {@link #MAX_ENTRIES} users. A full bucket means the same as no entry, and
 * full ones are swept when the map fills; if it is still full (that many users all searching
 * within the refill time) a new searcher is refused until room frees up.
 */
public final class SearchRate {
    static final int MAX_ENTRIES = 100_000;

    private record Bucket(double tokens, long at) { }

    private final Map<Long, Bucket> buckets = new ConcurrentHashMap<>();
    private final Clock clock;
    private final int burst;
    private final double perMilli;
    private final int maxEntries;
    private final TokenBuckets shared; // null: one node

    /** @param shared the buckets of all nodes, made with the same burst and rate; null for one node */
    public SearchRate(Clock clock, int burst, double perSecond, TokenBuckets shared) {
        this(clock, burst, perSecond, MAX_ENTRIES, shared);
    }

    SearchRate(Clock clock, int burst, double perSecond, int maxEntries, TokenBuckets shared) {
        this.clock = clock;
        this.burst = burst;
        this.perMilli = perSecond / 1000.0;
        this.maxEntries = maxEntries;
        this.shared = shared;
    }

    /** @return whether the user may search now (and if so, the search is counted) */
    public boolean tryAcquire(long userId) {
        return Fallback.ask(shared != null, () -> shared.tryTake(Long.toString(userId)), () -> tryAcquireHere(userId));
    }

    private boolean tryAcquireHere(long userId) {
        long now = clock.millis();
        if (buckets.size() >= maxEntries && !buckets.containsKey(userId)) {
            buckets.values().removeIf(b -> tokens(b, now) >= burst);
            if (buckets.size() >= maxEntries) return false;
        }
        boolean[] granted = {false};
        buckets.compute(userId, (id, b) -> {
            double tokens = b == null ? burst : tokens(b, now);
            if (tokens >= 1) {
                granted[0] = true;
                tokens -= 1;
            }
            return new Bucket(tokens, now);
        });
        return granted[0];
    }

    private double tokens(Bucket b, long now) {
        long elapsed = Math.max(0, now - b.at); // a wall clock may step back
        return Math.min(burst, b.tokens + elapsed * perMilli);
    }
}
