package app.duet.chats;

import app.duet.testing.TestClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** At most one typing per (sender, peer) per second, stops only after starts, in a bounded map. */
class TypingThrottleTest {
    private final TestClock clock = new TestClock();

    @Test
    void one_typing_per_pair_per_second_is_forwarded() {
        TypingThrottle t = new TypingThrottle(clock);
        int forwarded = 0;
        for (int i = 0; i < 3_000; i++) if (t.tryForward(1, 2)) forwarded++;
        assertThat(forwarded).isEqualTo(1);

        clock.advance(Duration.ofMillis(999));
        assertThat(t.tryForward(1, 2)).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(t.tryForward(1, 2)).isTrue();
    }

    @Test
    void pairs_are_throttled_independently() {
        TypingThrottle t = new TypingThrottle(clock);
        assertThat(t.tryForward(1, 2)).isTrue();
        assertThat(t.tryForward(1, 3)).isTrue();
        assertThat(t.tryForward(2, 1)).isTrue();
        assertThat(t.tryForward(1, 2)).isFalse();
    }

    @Test
    void the_map_stays_bounded_stale_entries_are_swept_and_a_full_map_drops_new_pairs() {
        TypingThrottle t = new TypingThrottle(clock, 100);
        for (long peer = 1; peer <= 100; peer++) assertThat(t.tryForward(7, 1_000 + peer)).isTrue();
        assertThat(t.tryForward(7, 5_000)).as("full within the second: dropped").isFalse();
        assertThat(t.size()).isEqualTo(100);

        clock.advance(Duration.ofSeconds(1));
        assertThat(t.tryForward(7, 5_000)).isTrue();
        assertThat(t.size()).as("stale entries swept").isEqualTo(1);
    }

    @Test
    void a_clock_stepping_back_does_not_open_the_window_early() {
        TypingThrottle t = new TypingThrottle(clock);
        clock.advance(Duration.ofSeconds(10));
        assertThat(t.tryForward(1, 2)).isTrue();
        clock.advance(Duration.ofSeconds(-5));
        assertThat(t.tryForward(1, 2)).isFalse();
    }

    @Test
    void a_stop_is_forwarded_once_after_each_start_and_never_without_one() {
        TypingThrottle t = new TypingThrottle(clock);
        assertThat(t.tryStop(1, 2)).as("nothing shown to the peer: nothing to stop").isFalse();
        assertThat(t.tryForward(1, 2)).isTrue();
        assertThat(t.tryStop(1, 2)).as("within the window: a stop is never throttled").isTrue();
        assertThat(t.tryStop(1, 2)).as("only once").isFalse();
    }

    @Test
    void typing_again_right_after_a_stop_is_forwarded_once_per_window_so_alternating_stays_bounded() {
        TypingThrottle t = new TypingThrottle(clock);
        int forwarded = 0;
        for (int i = 0; i < 1_000; i++) {
            if (t.tryForward(1, 2)) forwarded++;
            if (t.tryStop(1, 2)) forwarded++;
        }
        assertThat(forwarded).as("two starts and two stops within one second").isEqualTo(4);
        clock.advance(Duration.ofSeconds(1));
        assertThat(t.tryForward(1, 2)).isTrue();
    }
}
