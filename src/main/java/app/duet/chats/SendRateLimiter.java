package app.duet.chats;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per user: {@code burst} sends at once, refilled at {@code ratePerSecond}.
 * A rate of 0 turns limiting off (load tests). In memory, per node.
 */
public final class SendRateLimiter {
    private record Bucket(double tokens, long at) { }

    private final Map<Long, Bucket> buckets = new ConcurrentHashMap<>();
    private final Clock clock;
    private final double ratePerSecond;
    private final int burst;

    public SendRateLimiter(Clock clock, double ratePerSecond, int burst) {
        this.clock = clock;
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
    }

    /** @return whether the user may send now (and if so, the send is counted) */
    boolean tryAcquire(long userId) {
        if (ratePerSecond <= 0) return true;
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
