package app.duet.limits;

import app.duet.testing.TestClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** PROTOCOL.md §5: sending faster than the configured rate is refused. A token bucket on a test clock. */
class UserRateTest {

    private final TestClock clock = new TestClock();
    /** Two sends a second, three at once. */
    private final UserRate limiter = new UserRate(clock, 3, 2.0, null);

    private int granted(long userId, int attempts) {
        int n = 0;
        for (int i = 0; i < attempts; i++) if (limiter.tryAcquire(userId)) n++;
        return n;
    }

    @Test
    void a_new_sender_may_send_a_burst_at_once_and_no_more() {
        assertThat(limiter.tryAcquire(1)).isTrue();
        assertThat(limiter.tryAcquire(1)).isTrue();
        assertThat(limiter.tryAcquire(1)).isTrue();
        assertThat(limiter.tryAcquire(1)).isFalse();
    }

    @Test
    void sends_come_back_at_the_configured_rate() {
        granted(1, 3);

        clock.advance(Duration.ofMillis(499));
        assertThat(limiter.tryAcquire(1)).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(limiter.tryAcquire(1)).isTrue();
        assertThat(limiter.tryAcquire(1)).isFalse();

        clock.advance(Duration.ofSeconds(1));
        assertThat(granted(1, 10)).isEqualTo(2);
    }

    @Test
    void a_refused_attempt_costs_nothing() {
        granted(1, 3);

        clock.advance(Duration.ofMillis(250));
        assertThat(limiter.tryAcquire(1)).isFalse();
        clock.advance(Duration.ofMillis(250));

        assertThat(limiter.tryAcquire(1)).isTrue();
    }

    @Test
    void a_long_pause_refills_no_more_than_the_burst() {
        granted(1, 3);

        clock.advance(Duration.ofHours(1));

        assertThat(granted(1, 10)).isEqualTo(3);
    }

    @Test
    void each_sender_has_their_own_bucket() {
        granted(1, 3);

        assertThat(granted(2, 10)).isEqualTo(3);
        assertThat(limiter.tryAcquire(1)).isFalse();
    }

    @Test
    void a_rate_of_zero_turns_limiting_off() {
        UserRate off = new UserRate(clock, 1, 0, null);

        for (int i = 0; i < 10_000; i++) assertThat(off.tryAcquire(1)).isTrue();
    }

    @Test
    void a_steady_sender_at_the_rate_is_never_refused() {
        for (int i = 0; i < 100; i++) {
            assertThat(limiter.tryAcquire(1)).as("send %d", i).isTrue();
            clock.advance(Duration.ofMillis(500));
        }
    }

    @Test
    void a_wall_clock_stepping_back_does_not_lock_a_sender_out() {
        granted(1, 3);
        clock.advance(Duration.ofHours(1).negated());
        limiter.tryAcquire(1); // the bucket is still empty, and now counts from the new time

        clock.advance(Duration.ofSeconds(1));

        assertThat(limiter.tryAcquire(1)).isTrue();
    }

    @Test
    void a_cost_of_several_tokens_is_taken_whole_or_not_at_all_and_never_above_the_burst() {
        assertThat(limiter.tryAcquire(1, 2)).isTrue();
        assertThat(limiter.tryAcquire(1, 2)).as("one left: nothing taken").isFalse();
        assertThat(limiter.tryAcquire(1)).isTrue();

        clock.advance(Duration.ofSeconds(10));
        assertThat(limiter.tryAcquire(1, 1000)).as("a cost above the burst costs the burst").isTrue();
        assertThat(limiter.tryAcquire(1)).isFalse();
    }

    @Test
    void a_refund_gives_back_one_token_up_to_the_burst() {
        granted(1, 3);
        limiter.refund(1);
        assertThat(limiter.tryAcquire(1)).isTrue();
        assertThat(limiter.tryAcquire(1)).isFalse();

        limiter.refund(2); // never acted: nothing to give back, no entry made
        assertThat(granted(2, 10)).isEqualTo(3);
    }

    @Test
    void the_users_held_in_memory_stay_bounded() {
        UserRate small = new UserRate(clock, 2, 3, 10, null);
        for (long u = 1; u <= 10; u++) assertThat(small.tryAcquire(u)).isTrue();
        assertThat(small.tryAcquire(11)).as("full: a new user is refused").isFalse();
        assertThat(small.tryAcquire(1)).as("one already held still acts").isTrue();

        clock.advance(Duration.ofMinutes(1)); // every bucket full again: swept
        assertThat(small.tryAcquire(11)).isTrue();
        assertThat(small.size()).isLessThanOrEqualTo(10);
    }
}
