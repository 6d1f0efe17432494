package app.duet.limits;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per user: {@code burst} actions at once, refilled at {@code perSecond}; a rate of
 * 0 turns the limit off (load tests). Sends, uploads, searches and contact requests each have one.
 * In memory, per node; with many nodes the buckets are {@code shared} (Redis), and the in-memory
 * ones only stand in while Redis does not answer.
 *
 * <p>Bounded: at most {@code maxEntries} users in memory. A full bucket means the same as no
 * entry, and full ones are swept when the map fills; if it is still full (that many users all
 * acting within the refill time) a new user is refused until room frees up.
 */
public final class UserRate {
    public static final int MAX_ENTRIES = 100_000;

    private record Bucket(double tokens, long at) { }

    private final Map<Long, Bucket> buckets = new ConcurrentHashMap<>();
    private final Clock clock;
    private final int burst;
    private final double perMilli;
    private final int maxEntries;
    private final TokenBuckets shared; // null: one node

    /** @param shared the buckets of all nodes, made with the same burst and rate; null for one node */
    public UserRate(Clock clock, int burst, double perSecond, TokenBuckets shared) {
        this(clock, burst, perSecond, MAX_ENTRIES, shared);
    }

    /** As above, holding at most {@code maxEntries} users in memory (tests of the bound use a small one). */
    public UserRate(Clock clock, int burst, double perSecond, int maxEntries, TokenBuckets shared) {
        this.clock = clock;
        this.burst = burst;
        this.perMilli = perSecond / 1000.0;
        this.maxEntries = maxEntries;
        this.shared = shared;
    }

    /** @return whether the user may act now (and if so, the action is counted) */
    public boolean tryAcquire(long userId) {
        return tryAcquire(userId, 1);
    }

    /**
     * Takes {@code tokens} at once (an upload costs one per started MiB, so a rate also bounds
     * bytes), or none. A cost above the burst could never be paid, so it costs the burst.
     *
     * @return whether they were taken
     */
    public boolean tryAcquire(long userId, int tokens) {
        if (perMilli <= 0) return true;
        int cost = Math.max(1, Math.min(tokens, burst));
        return Fallback.ask(shared != null, () -> takeShared(Long.toString(userId), cost), () -> takeHere(userId, cost));
    }

    /** Gives back one token taken by {@link #tryAcquire}, for an action that turned out not to count. */
    public void refund(long userId) {
        if (perMilli <= 0) return;
        Fallback.run(shared != null, () -> shared.refund(Long.toString(userId)),
                () -> buckets.computeIfPresent(userId, (id, b) -> new Bucket(Math.min(burst, b.tokens + 1), b.at)));
    }

    /** The shared buckets take one token a call: all of them, or those taken are given back. */
    private boolean takeShared(String key, int tokens) {
        for (int i = 0; i < tokens; i++) {
            if (!shared.tryTake(key)) {
                for (int j = 0; j < i; j++) shared.refund(key);
                return false;
            }
        }
        return true;
    }

    private boolean takeHere(long userId, int cost) {
        long now = clock.millis();
        if (buckets.size() >= maxEntries && !buckets.containsKey(userId)) {
            buckets.values().removeIf(b -> tokens(b, now) >= burst);
            if (buckets.size() >= maxEntries) return false;
        }
        boolean[] granted = {false};
        buckets.compute(userId, (id, b) -> {
            double tokens = b == null ? burst : tokens(b, now);
            if (tokens >= cost) {
                granted[0] = true;
                tokens -= cost;
            }
            return new Bucket(tokens, now);
        });
        return granted[0];
    }

    private double tokens(Bucket b, long now) {
        long elapsed = Math.max(0, now - b.at); // a wall clock may step back
        return Math.min(burst, b.tokens + elapsed * perMilli);
    }

    /** Users held in memory. */
    int size() {
        return buckets.size();
    }
}
