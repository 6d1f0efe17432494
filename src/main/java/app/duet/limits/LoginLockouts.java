package app.duet.limits;

import java.time.Duration;

/**
 * Failed logins per key (a username): after {@code maxFailures} in a row the key is locked for
 * the lockout, doubling with each further lockout in a row up to {@link #MAX_LOCKOUT}; failures
 * {@link #FORGET_AFTER} old, with no lockout running, are forgotten.
 */
public interface LoginLockouts {
    Duration MAX_LOCKOUT = Duration.ofHours(1);
    Duration FORGET_AFTER = Duration.ofMinutes(15);

    /** @return how much longer the key is refused: zero if it is not */
    Duration lockedFor(String key);

    /** @return whether the key is refused right now */
    default boolean isLocked(String key) {
        return lockedFor(key).isPositive();
    }

    /** @return how long to hold back the answer to this failure ({@link #delayAfter}) */
    Duration recordFailure(String key);

    void recordSuccess(String key);

    /** Each failure past the second in a row is answered 200 ms later, up to a second. */
    static Duration delayAfter(int failuresInARow) {
        return Duration.ofMillis(Math.min(Math.max(0, failuresInARow - 2) * 200L, 1000));
    }
}
