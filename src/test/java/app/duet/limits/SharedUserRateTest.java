package app.duet.chats;

import app.duet.limits.TokenBuckets;
import app.duet.testing.TestClock;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** With many nodes the buckets are shared; while the shared ones fail, the node's own bucket limits. */
class SharedSendRateTest {
    private final TestClock clock = new TestClock();

    @Test
    void the_shared_buckets_decide_while_they_answer() {
        List<String> asked = new ArrayList<>();
        TokenBuckets sharedSaysNo = new TokenBuckets() {
            @Override public boolean tryTake(String key) { asked.add(key); return false; }
            @Override public void refund(String key) { }
        };
        SendRateLimiter limiter = new SendRateLimiter(clock, 2.0, 3, sharedSaysNo);
        assertThat(limiter.tryAcquire(7)).isFalse();
        assertThat(asked).containsExactly("7");
    }

    @Test
    void while_the_shared_buckets_fail_the_nodes_own_bucket_limits() {
        TokenBuckets down = new TokenBuckets() {
            @Override public boolean tryTake(String key) { throw new IllegalStateException("Redis is down"); }
            @Override public void refund(String key) { throw new IllegalStateException("Redis is down"); }
        };
        SendRateLimiter limiter = new SendRateLimiter(clock, 2.0, 3, down);
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
        SendRateLimiter limiter = new SendRateLimiter(clock, 0, 3, never);
        for (int i = 0; i < 10; i++) assertThat(limiter.tryAcquire(7)).isTrue();
    }
}
