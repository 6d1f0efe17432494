package app.duet.delivery.redis;

import app.duet.limits.ExpiringKeys;
import app.duet.limits.FixedWindows;
import app.duet.limits.LoginLockouts;
import app.duet.limits.TokenBuckets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link RedisLimits} against a real Redis, as two nodes see it: two links, two instances, one
 * Redis. Redis keeps the time (TIME, PX), so the one test of refilling waits a little, and the
 * others check the keys' expiries instead of waiting for them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(30)
class RedisLimitsTest {
    private TwoNodesOnOneRedis redis;
    private RedisLimits node1, node2;

    @BeforeAll
    void start() {
        redis = new TwoNodesOnOneRedis();
        node1 = new RedisLimits(redis.link1);
        node2 = new RedisLimits(redis.link2);
        node1.start();
        node2.start();
    }

    @AfterAll
    void stop() {
        if (node1 != null) node1.close();
        if (node2 != null) node2.close();
        if (redis != null) redis.close();
    }

    @BeforeEach
    void empty() {
        redis.flush();
    }

    private long pttl(String key) {
        return redis.peek().pttl(key);
    }

    @Test
    void a_token_bucket_is_one_budget_for_both_nodes() {
        TokenBuckets on1 = node1.tokenBuckets("sends", 5, 0.01), on2 = node2.tokenBuckets("sends", 5, 0.01);
        int granted = 0;
        for (int i = 0; i < 3; i++) {
            if (on1.tryTake("42")) granted++;
            if (on2.tryTake("42")) granted++;
        }
        assertThat(granted).isEqualTo(5);
        assertThat(on1.tryTake("43")).as("another key has its own bucket").isTrue();
    }

    @Test
    void a_refund_gives_one_token_back_and_never_more_than_the_burst() {
        TokenBuckets b = node1.tokenBuckets("requests", 2, 0.01);
        assertThat(b.tryTake("7")).isTrue();
        assertThat(b.tryTake("7")).isTrue();
        assertThat(b.tryTake("7")).isFalse();
        b.refund("7");
        assertThat(node2.tokenBuckets("requests", 2, 0.01).tryTake("7")).isTrue();
        assertThat(b.tryTake("7")).isFalse();
        b.refund("8"); // no bucket: already full
        b.refund("8");
        assertThat(b.tryTake("8")).isTrue();
        assertThat(b.tryTake("8")).isTrue();
        assertThat(b.tryTake("8")).isFalse();
    }

    @Test
    void a_bucket_refills_at_its_rate_and_expires_once_it_would_be_full() throws InterruptedException {
        TokenBuckets b = node1.tokenBuckets("slow", 1, 10); // a token every 100 ms
        assertThat(b.tryTake("1")).isTrue();
        assertThat(b.tryTake("1")).isFalse();
        Thread.sleep(250);
        assertThat(b.tryTake("1")).isTrue();
        assertThat(pttl("duet:limit:slow:1")).isBetween(1L, 1100L);
    }

    @Test
    void a_fixed_window_counts_events_from_both_nodes_and_ends_with_its_key() {
        FixedWindows on1 = node1.fixedWindows("failures", 3, Duration.ofMinutes(10));
        FixedWindows on2 = node2.fixedWindows("failures", 3, Duration.ofMinutes(10));
        on1.record("10.0.0.1");
        on2.record("10.0.0.1");
        assertThat(on1.exhaustedFor("10.0.0.1")).isZero();
        on1.record("10.0.0.1");
        assertThat(on2.exhaustedFor("10.0.0.1")).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(10));
        assertThat(on2.exhaustedFor("10.0.0.2")).isZero();
        assertThat(pttl("duet:limit:failures:10.0.0.1")).isBetween(Duration.ofMinutes(9).toMillis(), Duration.ofMinutes(10).toMillis());
    }

    @Test
    void an_expiring_key_is_set_once_seen_by_both_nodes_and_expires() {
        ExpiringKeys on1 = node1.expiringKeys("cooldown", Duration.ofHours(24));
        ExpiringKeys on2 = node2.expiringKeys("cooldown", Duration.ofHours(24));
        assertThat(on2.exists("1:2")).isFalse();
        assertThat(on1.setIfAbsent("1:2")).isTrue();
        assertThat(on2.setIfAbsent("1:2")).isFalse();
        assertThat(on2.exists("1:2")).isTrue();
        on2.set("2:1");
        assertThat(on1.exists("2:1")).isTrue();
        assertThat(pttl("duet:limit:cooldown:1:2")).isBetween(Duration.ofHours(23).toMillis(), Duration.ofHours(24).toMillis());
    }

    @Test
    void login_failures_on_both_nodes_lock_the_username_as_on_one_node() {
        LoginLockouts on1 = node1.loginLockouts("logins", 5, Duration.ofMinutes(1));
        LoginLockouts on2 = node2.loginLockouts("logins", 5, Duration.ofMinutes(1));
        assertThat(on1.recordFailure("alice")).isEqualTo(Duration.ZERO);
        assertThat(on2.recordFailure("alice")).isEqualTo(Duration.ZERO);
        assertThat(on1.recordFailure("alice")).isEqualTo(Duration.ofMillis(200));
        assertThat(on2.recordFailure("alice")).isEqualTo(Duration.ofMillis(400));
        assertThat(on1.isLocked("alice")).isFalse();
        on2.recordFailure("alice");
        assertThat(on1.isLocked("alice")).isTrue();
        assertThat(on2.isLocked("alice")).isTrue();
        assertThat(on2.lockedFor("alice")).as("what a 429's Retry-After says")
                .isGreaterThan(Duration.ofSeconds(55)).isLessThanOrEqualTo(Duration.ofMinutes(1));
        assertThat(on1.isLocked("bob")).isFalse();
        assertThat(on1.lockedFor("bob")).isEqualTo(Duration.ZERO);
        long ttl = pttl("duet:limit:logins:alice");
        assertThat(ttl).as("kept through the lockout and the quiet time after it")
                .isBetween(Duration.ofMinutes(16).toMillis(), Duration.ofMinutes(16).toMillis() + 1000);
        on1.recordSuccess("alice");
        assertThat(on2.isLocked("alice")).isFalse();
        assertThat(pttl("duet:limit:logins:alice")).isEqualTo(-2);
    }

    @Test
    void a_second_lockout_in_a_row_lasts_twice_as_long() {
        LoginLockouts l = node1.loginLockouts("logins", 2, Duration.ofMinutes(1));
        l.recordFailure("carol");
        l.recordFailure("carol");
        long first = Long.parseLong(redis.peek().hget("duet:limit:logins:carol", "lockedUntil"));
        l.recordFailure("carol"); // while locked the failures still count, as on one node
        l.recordFailure("carol");
        long second = Long.parseLong(redis.peek().hget("duet:limit:logins:carol", "lockedUntil"));
        assertThat(second - first).isBetween(Duration.ofMinutes(1).toMillis(), Duration.ofMinutes(1).toMillis() + 1000);
        assertThat(redis.peek().hget("duet:limit:logins:carol", "lockouts")).isEqualTo("2");
    }
}
