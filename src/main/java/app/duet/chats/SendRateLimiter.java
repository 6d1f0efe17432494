package app.duet.chats;

import app.duet.limits.Fallback;
import app.duet.limits.TokenBuckets;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per user: {@code burst} sends at once, refilled at {@code ratePerSecond}.
 * A rate of 0 turns limiting off (load tests). In memory, per node; with many nodes the buckets
 * are {@code shared} (Redis), and the in-memory ones only stand in while Redis does not answer.
 */
public final class SendRateLimiter {
    private record Bucket(double tokens, long at) { }

    private final Map<Long, Bucket> buckets = new ConcurrentHashMap<>();
    private final Clock clock;
    private final double ratePerSecond;
    private final int burst;
    private final TokenBuckets shared; // null: one node

    public SendRateLimiter(Clock clock, double ratePerSecond, int burst) {
        this(clock, ratePerSecond, burst, null);
    }

    /** @param shared the buckets of all nodes, made with the same rate and burst; null for one node */
    public SendRateLimiter(Clock clock, double ratePerSecond, int burst, TokenBuckets shared) {
        this.clock = clock;
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
        this.shared = shared;
    }

    /** @return whether the user may send now (and if so, the send is counted) */
    boolean tryAcquire(long userId) {
        if (ratePerSecond <= 0) return true;
        return Fallback.ask(shared != null, () -> shared.tryTake(Long.toString(userId)), () -> tryAcquireHere(userId));
    }

    /**
     * Takes {@code tokens} at once (an upload costs one per started MiB, so the rate also bounds the
     * bytes a user uploads), or none. @return whether they were taken
     */
    public boolean tryAcquire(long userId, int tokens) {
        if (ratePerSecond <= 0) return true;
        if (tokens <= 1) return tryAcquire(userId);
        int cost = Math.min(tokens, burst); // a cost above the burst could never be paid
        return Fallback.ask(shared != null, () -> takeShared(Long.toString(userId), cost), () -> tryAcquireHere(userId, cost));
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

    private boolean tryAcquireHere(long userId) {
        return tryAcquireHere(userId, 1);
    }

    private boolean tryAcquireHere(long userId, int cost) {
        long now = clock.millis();
        boolean[] granted = {false};
        buckets.compute(userId, (id, b) -> {
            long elapsed = b == null ? 0 : Math.max(0, now - b.at); // a wall clock may step back
            double tokens = b == null ? burst : Math.min(burst, b.tokens + elapsed * ratePerSecond / 1000.0);
            if (tokens >= cost) {
                granted[0] = true;
                tokens -= cost;
            }
            return new Bucket(tokens, now);
        });
        return granted[0];
    }
}
