package app.duet.contacts;

import app.duet.testing.TestClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Token bucket per sender and cooldown after a decline, on an injected clock, in bounded maps. */
class ContactRequestLimiterTest {
    private final TestClock clock = new TestClock();
    private final ContactRequestLimiter limiter = new ContactRequestLimiter(clock, 30, 3, Duration.ofHours(24));

    @Test
    void a_burst_then_three_a_minute() {
        for (int i = 0; i < 30; i++) assertThat(limiter.tryAcquire(1)).isTrue();
        assertThat(limiter.tryAcquire(1)).isFalse();
        assertThat(limiter.tryAcquire(2)).as("another sender").isTrue();

        clock.advance(Duration.ofSeconds(20));
        assertThat(limiter.tryAcquire(1)).isTrue();
        assertThat(limiter.tryAcquire(1)).isFalse();
    }

    @Test
    void a_refund_gives_the_token_back() {
        for (int i = 0; i < 30; i++) limiter.tryAcquire(1);
        limiter.refund(1);
        assertThat(limiter.tryAcquire(1)).isTrue();
        assertThat(limiter.tryAcquire(1)).isFalse();
    }

    @Test
    void a_declined_sender_cools_down_toward_that_user_only_and_for_the_cooldown_only() {
        limiter.declined(1, 2);
        assertThat(limiter.coolingDown(1, 2)).isTrue();
        assertThat(limiter.coolingDown(2, 1)).isFalse();
        assertThat(limiter.coolingDown(1, 3)).isFalse();

        clock.advance(Duration.ofHours(24).minusMillis(1));
        assertThat(limiter.coolingDown(1, 2)).isTrue();
        clock.advance(Duration.ofMillis(1));
        assertThat(limiter.coolingDown(1, 2)).isFalse();
    }

    @Test
    void the_maps_stay_bounded() {
        ContactRequestLimiter small = new ContactRequestLimiter(clock, 2, 3, Duration.ofHours(1), 10);
        for (long u = 1; u <= 10; u++) assertThat(small.tryAcquire(u)).isTrue();
        assertThat(small.tryAcquire(11)).as("full: a new sender is refused").isFalse();
        clock.advance(Duration.ofMinutes(1)); // every bucket full again: swept
        assertThat(small.tryAcquire(11)).isTrue();

        for (long u = 1; u <= 30; u++) small.declined(u, 100);
        assertThat(small.cooldowns()).isLessThanOrEqualTo(10);
        clock.advance(Duration.ofHours(1));
        small.declined(99, 100);
        assertThat(small.coolingDown(99, 100)).isTrue();
    }
}
