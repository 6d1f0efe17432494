package app.duet.delivery.redis;

import app.duet.delivery.ConnectionRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link RedisSocketCounts} against a real Redis, as two nodes see it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(30)
class RedisSocketCountsTest {
    private TwoNodesOnOneRedis redis;
    private RedisSocketCounts node1, node2;

    @BeforeAll
    void start() {
        redis = new TwoNodesOnOneRedis();
        node1 = new RedisSocketCounts(redis.link1, Duration.ofSeconds(30));
        node2 = new RedisSocketCounts(redis.link2, Duration.ofSeconds(30));
        node1.start(new ConnectionRegistry(16));
        node2.start(new ConnectionRegistry(16));
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

    @Test
    void the_cap_counts_the_other_nodes_sockets() {
        assertThat(node1.tryRecord(1, 1, 3)).isTrue();
        assertThat(node1.tryRecord(1, 2, 3)).isTrue();
        assertThat(node2.tryRecord(1, 1, 3)).isTrue();
        assertThat(node2.tryRecord(1, 2, 3)).as("2 on node 1 + 2 here > 3").isFalse();
        assertThat(node1.tryRecord(2, 3, 3)).as("another user").isTrue();
        assertThat(redis.peek().pttl("duet:sockets:1")).isBetween(29_000L, 30_000L);
    }

    @Test
    void a_lower_count_frees_places_on_the_other_nodes_and_zero_removes_the_entry() {
        assertThat(node1.tryRecord(1, 3, 3)).isTrue();
        assertThat(node2.tryRecord(1, 1, 3)).isFalse();
        node1.record(1, 2);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> node2.tryRecord(1, 1, 3));
        node1.record(1, 0);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !redis.peek().hexists("duet:sockets:1", "node-1"));
        assertThat(node2.tryRecord(1, 3, 3)).isTrue();
    }

    @Test
    void a_dead_nodes_expired_entry_counts_for_nothing() {
        long past = System.currentTimeMillis() - 1000; // both clocks are this machine's here
        redis.peek().hset("duet:sockets:1", "node-dead", "3:" + past);
        assertThat(node1.tryRecord(1, 3, 3)).isTrue();
        assertThat(redis.peek().hexists("duet:sockets:1", "node-dead")).as("swept").isFalse();
    }
}
