package app.duet.limits;

import app.duet.testing.TestClock;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** With many nodes the buckets are shared; while the shared ones fail, the node's own bucket limits. */
class SharedUserRateTest {
    private final TestClock clock = new TestClock();

    @Test
    void the_shared_buckets_decide_while_they_answer() {
        List<String> asked = new ArrayList<>();
        TokenBuckets sharedSaysNo = new TokenBuckets() {
            @Override public boolean tryTake(String key) { asked.add(key); return false; }
            @Override public void refund(String key) { }
        };
        UserRate limiter = new UserRate(clock, 3, 2.0, sharedSaysNo);
        assertThat(limiter.tryAcquire(7)).isFalse();
        assertThat(asked).containsExactly("7");
    }

    @Test
    void while_the_shared_buckets_fail_the_nodes_own_bucket_limits() {
        TokenBuckets down = new TokenBuckets() {
            @Override public boolean tryTake(String key) { throw new IllegalStateException("Redis is down"); }
            @Override public void refund(String key) { throw new IllegalStateException("Redis is down"); }
        };
        UserRate limiter = new UserRate(clock, 3, 2.0, down);
        assertThat(limiter.tryAcquire(7)).isTrue();
        assertThat(limiter.tryAcquire(7)).isTrue();
        assertThat(limiter.tryAcquire(7)).isTrue();
        assertThat(limiter.tryAcquire(7)).isFalse();
    }

    @Test
    void a_rate_of_zero_asks_nobody() {
        TokenBuckets never = new TokenBuckets() {
            @Override public boolean tryTake(String key) { throw new AssertionError("asked"); }
            @Override public void refund(String key) { throw new AssertionError("asked"); }
        };
        UserRate limiter = new UserRate(clock, 3, 0, never);
        for (int i = 0; i < 10; i++) assertThat(limiter.tryAcquire(7)).isTrue();
    }
}
