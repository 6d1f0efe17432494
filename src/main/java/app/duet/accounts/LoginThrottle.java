package app.duet.accounts;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failed logins per username. After {@code maxFailures} in a row the username is refused
 * for {@code lockout} (even with the right password); each further lockout in a row doubles,
 * up to an hour. Before that, each failure past the second is answered a little later.
 * State is per node and in memory: a restart forgives.
 */
final class LoginThrottle {
    private static final int MAX_TRACKED = 100_000;
    private static final Duration MAX_LOCKOUT = Duration.ofHours(1);
    /** Failures this old, with no lockout running, are forgotten. */
    private static final Duration FORGET_AFTER = Duration.ofMinutes(15);

    private record Entry(int failures, int lockouts, long lockedUntil, long lastFailureAt) { }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Clock clock;
    private final int maxFailures;
    private final Duration lockout;

    LoginThrottle(Clock clock, int maxFailures, Duration lockout) {
        this.clock = clock;
        this.maxFailures = maxFailures;
        this.lockout = lockout;
    }

    /** @return whether the username is refused right now */
    boolean isLocked(String username) {
        Entry e = entries.get(username);
        return e != null && e.lockedUntil > clock.millis();
    }

    /** @return how long to hold back the answer to this failure */
    Duration recordFailure(String username) {
        long now = clock.millis();
        if (entries.size() > MAX_TRACKED) forgetIdle(now);
        Entry e = entries.compute(username, (name, old) -> {
            // Quiet time counts from the last failure or the end of the last lockout, whichever is later.
            boolean fresh = old == null || (old.lockedUntil <= now
                    && now - Math.max(old.lastFailureAt, old.lockedUntil) > FORGET_AFTER.toMillis());
            int failures = fresh ? 1 : old.failures + 1;
            int lockouts = fresh ? 0 : old.lockouts;
            if (failures >= maxFailures) {
                long millis = Math.min(lockout.toMillis() << Math.min(lockouts, 10), MAX_LOCKOUT.toMillis());
                return new Entry(0, lockouts + 1, now + millis, now);
            }
            return new Entry(failures, lockouts, fresh ? 0 : old.lockedUntil, now);
        });
        return Duration.ofMillis(Math.min(Math.max(0, e.failures - 2) * 200L, 1000));
    }

    void recordSuccess(String username) {
        entries.remove(username);
    }

    int tracked() {
        return entries.size();
    }

    private void forgetIdle(long now) {
        entries.entrySet().removeIf(en -> en.getValue().lockedUntil <= now
                && now - Math.max(en.getValue().lastFailureAt, en.getValue().lockedUntil) > FORGET_AFTER.toMillis());
    }
}
