package app.duet.chats;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ArrivalRateTest {
    private static final long MS = 1_000_000;

    @Test
    void expects_nothing_before_it_has_seen_an_interval() {
        ArrivalRate rate = new ArrivalRate();
        assertThat(rate.expectedWithin(MS, 0)).isZero();
        rate.taken(5, 0);
        assertThat(rate.expectedWithin(MS, 0)).isZero();
    }

    @Test
    void learns_a_steady_rate() {
        ArrivalRate rate = new ArrivalRate();
        long now = 0;
        rate.taken(1, now);
        for (int i = 0; i < 50; i++) rate.taken(4, now += MS); // 4 a millisecond
        assertThat(rate.expectedWithin(MS / 2, now)).isCloseTo(2.0, within(0.01));
    }

    @Test
    void a_slow_trickle_never_makes_a_batch_wait() {
        ArrivalRate rate = new ArrivalRate();
        long now = 0;
        rate.taken(1, now);
        for (int i = 0; i < 50; i++) rate.taken(1, now += MS); // 1,000 a second
        assertThat(rate.expectedWithin(GroupCommitter.LINGER_NANOS, now)).isLessThan(1);
    }

    @Test
    void an_idle_spell_forgets_the_old_rate() {
        ArrivalRate rate = new ArrivalRate();
        long now = 0;
        rate.taken(1, now);
        for (int i = 0; i < 50; i++) rate.taken(10, now += MS);
        assertThat(rate.expectedWithin(MS, now + 200 * MS)).as("idle since").isZero();
        rate.taken(1, now += 200 * MS);
        assertThat(rate.expectedWithin(MS, now)).isLessThan(0.01);
    }
}
