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

    private boolean tryAcquireHere(long userId) {
        long now = clock.millis();
        boolean[] granted = {false};
        buckets.compute(userId, (id, b) -> {
            long elapsed = b == null ? 0 : Math.max(0, now - b.at); // a wall clock may step back
            double tokens = b == null ? burst : Math.min(burst, b.tokens + elapsed * ratePerSecond / 1000.0);
            if (tokens >= 1) {
                granted[0] = true;
                tokens -= 1;
            }
            return new Bucket(tokens, now);
        });
        return granted[0];
    }
}
