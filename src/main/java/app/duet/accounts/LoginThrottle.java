package app.duet.accounts;

import app.duet.limits.Fallback;
import app.duet.limits.LoginLockouts;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failed logins per username. After {@code maxFailures} in a row the username is refused
 * for {@code lockout} (even with the right password); each further lockout in a row doubles,
 * up to an hour. Before that, each failure past the second is answered a little later.
 * State is per node and in memory (a restart forgives); with many nodes it is {@code shared}
 * (Redis, the same rules in one script), and the in-memory state only stands in while Redis does not answer.
 */
final class LoginThrottle {
    private static final int MAX_TRACKED = 100_000;
    private static final Duration MAX_LOCKOUT = LoginLockouts.MAX_LOCKOUT;
    /** Failures this old, with no lockout running, are forgotten. */
    private static final Duration FORGET_AFTER = LoginLockouts.FORGET_AFTER;

    private record Entry(int failures, int lockouts, long lockedUntil, long lastFailureAt) { }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Clock clock;
    private final int maxFailures;
    private final Duration lockout;
    private final LoginLockouts shared; // null: one node

    LoginThrottle(Clock clock, int maxFailures, Duration lockout) {
        this(clock, maxFailures, lockout, null);
    }

    /** @param shared the lockouts of all nodes, made with the same rules; null for one node */
    LoginThrottle(Clock clock, int maxFailures, Duration lockout, LoginLockouts shared) {
        this.clock = clock;
        this.maxFailures = maxFailures;
        this.lockout = lockout;
        this.shared = shared;
    }

    /** @return whether the username is refused right now */
    boolean isLocked(String username) {
        return lockedFor(username).isPositive();
    }

    /** @return how much longer the username is refused: zero if it is not */
    Duration lockedFor(String username) {
        return Fallback.ask(shared != null, () -> shared.lockedFor(username), () -> lockedForHere(username));
    }

    /** @return how long to hold back the answer to this failure */
    Duration recordFailure(String username) {
        return Fallback.ask(shared != null, () -> shared.recordFailure(username), () -> recordFailureHere(username));
    }

    void recordSuccess(String username) {
        Fallback.run(shared != null, () -> shared.recordSuccess(username), () -> entries.remove(username));
    }

    private Duration lockedForHere(String username) {
        Entry e = entries.get(username);
        long left = e == null ? 0 : e.lockedUntil - clock.millis();
        return Duration.ofMillis(Math.max(0, left));
    }

    private Duration recordFailureHere(String username) {
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
        return LoginLockouts.delayAfter(e.failures);
    }

    int tracked() {
        return entries.size();
    }

    private void forgetIdle(long now) {
        entries.entrySet().removeIf(en -> en.getValue().lockedUntil <= now
                && now - Math.max(en.getValue().lastFailureAt, en.getValue().lockedUntil) > FORGET_AFTER.toMillis());
    }
}
