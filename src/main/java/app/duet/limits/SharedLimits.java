package app.duet.limits;

import java.time.Duration;

/**
 * The one entry point to limits shared by all nodes, each primitive named (its keys live under
 * that name). Implemented on Redis ({@code delivery.redis.RedisLimits}); chosen by the wiring.
 */
public interface SharedLimits {
    /** A token bucket per key: {@code burst} at once, refilled at {@code perSecond}. */
    TokenBuckets tokenBuckets(String name, int burst, double perSecond);

    /** At most {@code limit} events per key in a window of {@code window} that starts with the key's first event. */
    FixedWindows fixedWindows(String name, int limit, Duration window);

    /** Keys that exist for {@code ttl} once set (cooldowns, "at most one per second"). */
    ExpiringKeys expiringKeys(String name, Duration ttl);

    /** Failed logins per key, locking it after {@code maxFailures} in a row, as {@code accounts.LoginThrottle} does. */
    LoginLockouts loginLockouts(String name, int maxFailures, Duration lockout);
}
