package app.duet.accounts;

import app.duet.testing.TestClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** PROTOCOL.md §2: repeated failed logins are slowed down, then refused for a while. No sleeps: a test clock. */
class LoginThrottleTest {


    private static final Duration LOCKOUT = Duration.ofMinutes(1);

    private final TestClock clock = new TestClock();
    private final LoginThrottle throttle = new LoginThrottle(clock, 5, LOCKOUT);

    private void fail(String username, int times) {
        for (int i = 0; i < times; i++) throttle.recordFailure(username);
    }

    @Test
    void an_unknown_username_is_not_locked() {
        assertThat(throttle.isLocked("alice")).isFalse();
    }

    @Test
    void failures_below_the_limit_do_not_lock() {
        fail("alice", 4);

        assertThat(throttle.isLocked("alice")).isFalse();
    }

    @Test
    void reaching_the_limit_locks_the_username_for_the_lockout() {
        fail("alice", 5);

        assertThat(throttle.isLocked("alice")).isTrue();
        assertThat(throttle.lockedFor("alice")).isEqualTo(LOCKOUT);
        clock.advance(LOCKOUT.minusMillis(1));
        assertThat(throttle.isLocked("alice")).isTrue();
        assertThat(throttle.lockedFor("alice")).isEqualTo(Duration.ofMillis(1));
        clock.advance(Duration.ofMillis(1));
        assertThat(throttle.isLocked("alice")).isFalse();
        assertThat(throttle.lockedFor("alice")).isEqualTo(Duration.ZERO);
    }

    @Test
    void a_lockout_concerns_only_its_username() {
        fail("alice", 5);

        assertThat(throttle.isLocked("bob")).isFalse();
    }

    @Test
    void the_first_two_failures_are_answered_at_once_and_later_ones_a_little_later_up_to_a_second() {
        LoginThrottle patient = new LoginThrottle(clock, 100, LOCKOUT);

        assertThat(patient.recordFailure("alice")).isZero();
        assertThat(patient.recordFailure("alice")).isZero();
        assertThat(patient.recordFailure("alice")).isEqualTo(Duration.ofMillis(200));
        assertThat(patient.recordFailure("alice")).isEqualTo(Duration.ofMillis(400));
        assertThat(patient.recordFailure("alice")).isEqualTo(Duration.ofMillis(600));
        assertThat(patient.recordFailure("alice")).isEqualTo(Duration.ofMillis(800));
        assertThat(patient.recordFailure("alice")).isEqualTo(Duration.ofSeconds(1));
        assertThat(patient.recordFailure("alice")).isEqualTo(Duration.ofSeconds(1));
        assertThat(patient.recordFailure("bob")).isZero();
    }

    @Test
    void a_success_forgets_the_failures() {
        fail("alice", 4);
        throttle.recordSuccess("alice");
        fail("alice", 4);

        assertThat(throttle.isLocked("alice")).isFalse();
        assertThat(throttle.recordFailure("carol")).isZero();
    }

    @Test
    void each_further_lockout_in_a_row_doubles() {
        fail("alice", 5);
        clock.advance(LOCKOUT);
        assertThat(throttle.isLocked("alice")).isFalse();

        fail("alice", 5);

        clock.advance(LOCKOUT.multipliedBy(2).minusMillis(1));
        assertThat(throttle.isLocked("alice")).isTrue();
        clock.advance(Duration.ofMillis(1));
        assertThat(throttle.isLocked("alice")).isFalse();

        fail("alice", 5);

        clock.advance(LOCKOUT.multipliedBy(4).minusMillis(1));
        assertThat(throttle.isLocked("alice")).isTrue();
        clock.advance(Duration.ofMillis(1));
        assertThat(throttle.isLocked("alice")).isFalse();
    }

    /**
     * Locks alice with a run of failures right after the previous lockout ended, and measures
     * how long the new lockout lasts.
     */
    private Duration nextLockout() {
        fail("alice", 5);
        assertThat(throttle.isLocked("alice")).isTrue();
        Duration locked = Duration.ZERO;
        while (throttle.isLocked("alice")) {
            clock.advance(Duration.ofSeconds(1));
            locked = locked.plusSeconds(1);
        }
        return locked;
    }

    @Test
    void lockouts_in_a_row_double_up_to_an_hour() {
        assertThat(nextLockout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(nextLockout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(nextLockout()).isEqualTo(Duration.ofMinutes(4));
        assertThat(nextLockout()).isEqualTo(Duration.ofMinutes(8));
        assertThat(nextLockout()).isEqualTo(Duration.ofMinutes(16));
        assertThat(nextLockout()).isEqualTo(Duration.ofMinutes(32));
        assertThat(nextLockout()).isEqualTo(Duration.ofHours(1));
        assertThat(nextLockout()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void a_lockout_never_lasts_more_than_an_hour() {
        LoginThrottle longLockouts = new LoginThrottle(clock, 5, Duration.ofHours(3));
        for (int i = 0; i < 5; i++) longLockouts.recordFailure("alice");

        clock.advance(Duration.ofHours(1).minusMillis(1));
        assertThat(longLockouts.isLocked("alice")).isTrue();
        clock.advance(Duration.ofMillis(1));
        assertThat(longLockouts.isLocked("alice")).isFalse();
    }

    @Test
    void failures_older_than_fifteen_minutes_are_forgotten() {
        fail("alice", 4);
        clock.advance(Duration.ofMinutes(15).plusMillis(1));

        fail("alice", 4);

        assertThat(throttle.isLocked("alice")).isFalse();
    }

    @Test
    void failures_within_fifteen_minutes_keep_counting() {
        fail("alice", 4);
        clock.advance(Duration.ofMinutes(14));

        fail("alice", 1);

        assertThat(throttle.isLocked("alice")).isTrue();
    }

    @Test
    void a_run_of_lockouts_is_forgotten_after_fifteen_quiet_minutes() {
        fail("alice", 5);
        clock.advance(LOCKOUT.plus(Duration.ofMinutes(15)).plusMillis(1));

        fail("alice", 5);

        clock.advance(LOCKOUT);
        assertThat(throttle.isLocked("alice")).isFalse();
    }
}
